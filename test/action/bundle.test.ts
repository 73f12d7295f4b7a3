import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createWorkspace } from "../helpers/git-workspace.js";
import { validateGitHubRequest, type RecordedRequest } from "../helpers/github-openapi.js";
import { fixture, repoRoot } from "../helpers/paths.js";

const bundle = path.join(repoRoot, "action/dist/index.js");

function runBundle(env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle], { env: { PATH: process.env["PATH"] ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stdout += c.toString()));
    child.on("exit", (code) => resolve({ code, stdout }));
  });
}

describe("the committed action bundle", () => {
  it("fails with a clear message when it is given no inputs", async () => {
    const { code, stdout } = await runBundle({});
    expect(code).toBe(1);
    expect(stdout.trim()).toBe('::error::input "spec-path" is required; input "github-token" is required; input "sha" is empty and GITHUB_SHA is not set');
  });

  it("runs a SPEC end to end against a GitHub API at GITHUB_API_URL", async () => {
    const requests: RecordedRequest[] = [];
    let nextId = 1;
    const server = http.createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        requests.push({ method: req.method ?? "", path: req.url ?? "", body: text ? JSON.parse(text) : undefined });
        res.setHeader("content-type", "application/json");
        if (req.method === "GET") return res.end(JSON.stringify({ total_count: 0, check_runs: [] }));
        const id = nextId++;
        res.statusCode = req.method === "POST" ? 201 : 200;
        res.end(JSON.stringify({ id, html_url: `http://github.test/runs/${id}` }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const ws = await createWorkspace({ "services/broken/SPEC.md": await readFile(fixture("specs/invalid-json.md"), "utf8") });
      const temp = await mkdtemp(path.join(os.tmpdir(), "specforge-bundle-"));
      const outputFile = path.join(temp, "output");
      await writeFile(outputFile, "");
      await writeFile(path.join(temp, "summary.md"), "");
      const { code, stdout } = await runBundle({
        "INPUT_SPEC-PATH": "services/broken/SPEC.md",
        "INPUT_GITHUB-TOKEN": "ghs_secret",
        GITHUB_SHA: ws.sha,
        GITHUB_REPOSITORY: "octo-org/octo-repo",
        GITHUB_WORKSPACE: ws.workspace,
        GITHUB_API_URL: `http://127.0.0.1:${port}`,
        GITHUB_SERVER_URL: "http://github.test",
        GITHUB_RUN_ID: "9",
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
        RUNNER_TEMP: temp,
      });
      expect(code).toBe(1);
      expect(stdout).toContain("::error::broken-json was not verified: analyze failed: E1002 invalid JSON example: ',' expected (services/broken/SPEC.md:11)");
      // The runner reads ::add-mask:: and hides the token everywhere; it must appear nowhere else.
      expect(stdout).toContain("::add-mask::ghs_secret");
      expect(stdout.replace("::add-mask::ghs_secret", "")).not.toContain("ghs_secret");
      expect(requests.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
        `GET /repos/octo-org/octo-repo/commits/${ws.sha}/check-runs`,
        "POST /repos/octo-org/octo-repo/check-runs",
        "POST /repos/octo-org/octo-repo/check-runs",
        "POST /repos/octo-org/octo-repo/check-runs",
        "POST /repos/octo-org/octo-repo/check-runs",
      ]);
      expect(requests.flatMap((r) => validateGitHubRequest(r))).toEqual([]);
      expect(await readFile(path.join(temp, "summary.md"), "utf8")).toContain("## broken-json: ❌ not verified");
    } finally {
      server.close();
    }
  });
});
