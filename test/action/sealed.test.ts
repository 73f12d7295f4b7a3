import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";
import { beforeAll, describe, expect, it } from "vitest";
import { detectSandbox } from "../../src/verify/process-sandbox.js";
import { createWorkspace } from "../helpers/git-workspace.js";
import { startGitHttpServer, type GitHttpRequest } from "../helpers/git-http-server.js";
import { validateGitHubRequest, type RecordedRequest } from "../helpers/github-openapi.js";
import { fixture, repoRoot } from "../helpers/paths.js";

const SPEC_PATH = "services/notes/SPEC.md";
const SERVICE = "services/notes/service";
/** Fake secrets, each shaped like the real thing, each where a runner would put it. */
const INPUT_TOKEN = "ghs_SealedInputToken0001";
const PERSISTED_TOKEN = "ghs_SealedPersistedToken0006";
const SECRETS = {
  "INPUT_GITHUB-TOKEN": INPUT_TOKEN,
  GITHUB_TOKEN: "ghs_SealedEnvToken0002",
  ANTHROPIC_API_KEY: "sk-ant-sealed-env-0003",
  "INPUT_ANTHROPIC-API-KEY": "sk-ant-sealed-input-0004",
  ACTIONS_RUNTIME_TOKEN: "eyJSealedRuntimeToken0005",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "eyJSealedIdToken0007",
};
const basic = (token: string) => Buffer.from(`x-access-token:${token}`).toString("base64");
/** Every form a secret could leak in: as given, and as the basic-auth header git sends. */
const LEAKABLE = [...Object.values(SECRETS), PERSISTED_TOKEN, ...[INPUT_TOKEN, PERSISTED_TOKEN].map(basic)];

interface Snooped {
  searched: number;
  checkouts: number;
  processes: number;
  found: string[];
}

/** A fake GitHub API on the same server as the git remote; every request is recorded and checked. */
function fakeGitHub(requests: RecordedRequest[]): http.RequestListener {
  let nextId = 1;
  return (req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", path: req.url ?? "", body: text ? JSON.parse(text) : undefined });
      const pathname = new URL(req.url ?? "/", "http://x").pathname;
      res.setHeader("content-type", "application/json");
      if (req.method === "GET" && pathname.endsWith("/pulls")) return res.end("[]");
      if (req.method === "GET") return res.end(JSON.stringify({ total_count: 0, check_runs: [] }));
      const id = nextId++;
      res.statusCode = req.method === "POST" ? 201 : 200;
      res.end(JSON.stringify({ id, number: 7, html_url: `http://github.test/${pathname.endsWith("/pulls") ? "pull" : "runs"}/${id}` }));
    });
  };
}

/** The committed bundle, as a runner starts it: the secrets in its real environment (so in /proc/<pid>/environ too). */
function runBundle(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "action/dist/index.js")], { env: { PATH: process.env["PATH"] ?? "", HOME: os.homedir(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && !e.parentPath.includes(`${path.sep}objects`)).map((e) => path.join(e.parentPath, e.name));
}

describe("a build whose generated code looks for credentials", async () => {
  const sandboxed = (await detectSandbox()) !== null;
  const github: RecordedRequest[] = [];
  let git: GitHttpRequest[] = [];
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let temp = "";
  let run: { code: number | null; output: string } = { code: null, output: "" };
  let configBefore = "";
  const snooped: Record<string, Snooped> = {};

  beforeAll(async () => {
    ws = await createWorkspace({
      [SPEC_PATH]: await readFile(fixture("specs/minimal.md"), "utf8"),
      "tools/snoop.mjs": await readFile(fixture("generators/snoop.mjs"), "utf8"),
    });
    const server = await startGitHttpServer(ws.root, INPUT_TOKEN, fakeGitHub(github));
    git = server.requests;
    try {
      // A checkout as actions/checkout leaves it with persist-credentials (a user's own workflow).
      const checkout = simpleGit(ws.workspace);
      await checkout.remote(["set-url", "origin", `${server.url}/origin.git`]);
      await checkout.addConfig(`http.${server.url}/.extraheader`, `AUTHORIZATION: basic ${basic(PERSISTED_TOKEN)}`);
      configBefore = await readFile(path.join(ws.workspace, ".git/config"), "utf8");
      temp = await mkdtemp(path.join(os.tmpdir(), "specforge-sealed-"));
      await mkdir(path.join(temp, "runner"), { recursive: true });
      await writeFile(path.join(temp, "output"), "");
      await writeFile(path.join(temp, "summary.md"), "");
      run = await runBundle({
        ...SECRETS,
        "INPUT_SPEC-PATH": SPEC_PATH,
        INPUT_GENERATOR: "command",
        "INPUT_GENERATOR-COMMAND": JSON.stringify([process.execPath, "tools/snoop.mjs"]),
        GITHUB_SHA: ws.sha,
        GITHUB_REF_NAME: "main",
        GITHUB_REPOSITORY: "octo-org/octo-repo",
        GITHUB_WORKSPACE: ws.workspace,
        GITHUB_API_URL: server.url,
        GITHUB_SERVER_URL: server.url,
        GITHUB_RUN_ID: "9",
        GITHUB_OUTPUT: path.join(temp, "output"),
        GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
        RUNNER_TEMP: path.join(temp, "runner"),
        SPECFORGE_CACHE_DIR: path.join(os.tmpdir(), "specforge-test-install-cache"),
      });
    } finally {
      await server.close();
    }
    for (const role of ["generate", "service", "test"]) {
      snooped[role] = JSON.parse(await readFile(path.join(ws.workspace, SERVICE, `snoop-${role}.json`), "utf8").catch(() => "null")) as Snooped;
    }
  }, 180_000);

  it("is verified and proposed", async () => {
    expect(run.code).toBe(0);
    expect(await readFile(path.join(temp, "summary.md"), "utf8")).toContain("Pull request: http://github.test/pull/8 (opened)");
  });

  it("finds no credential in the generator's environment", () => {
    expect(snooped["generate"]).toEqual({ found: [] });
  });

  /**
   * What generated code finds. Without the sandbox (a system that does not let unprivileged users
   * make namespaces) other processes' environments are readable: the residual risk the README's
   * Security section names, and the Action warns of. Everything else must be clean either way.
   */
  const foundBy = (role: string) => (snooped[role]?.found ?? []).filter((where) => sandboxed || !where.startsWith("/proc/"));

  it("finds no credential in the service's environment, the checkout or (sandboxed) any process it can see", () => {
    expect(snooped["service"]).toMatchObject({ checkouts: 1 });
    expect(foundBy("service")).toEqual([]);
    expect(snooped["service"]?.searched).toBeGreaterThan(20);
  });

  it("finds none from the service's own tests either", () => {
    expect(snooped["test"]).toMatchObject({ checkouts: 1 });
    expect(foundBy("test")).toEqual([]);
  });

  it.skipIf(!sandboxed)("sees no process but its own sandbox's, so not the Action's environment", () => {
    expect(snooped["service"]?.processes).toBe(1);
  });

  it("pushes the branch with the github-token input, sent only to the server's git", async () => {
    expect(await ws.showOnOrigin("specforge/notes", `${SERVICE}/package.json`)).toContain('"name": "notes"');
    const pushes = git.filter((r) => r.path.endsWith("git-receive-pack"));
    expect(pushes.map((r) => r.authorization)).toEqual([`basic ${basic(INPUT_TOKEN)}`]);
  });

  it("puts the persisted credentials back as they were", async () => {
    expect(await readFile(path.join(ws.workspace, ".git/config"), "utf8")).toBe(configBefore);
  });

  it("shows no secret in its log, check runs, pull request, summary, outputs or any file it wrote", async () => {
    const masked = run.output.replace(/::add-mask::.*\n/g, "");
    const written = [...(await filesUnder(ws.workspace)).filter((f) => f !== path.join(ws.workspace, ".git/config")), ...(await filesUnder(temp))];
    const texts = [masked, JSON.stringify(github), ...(await Promise.all(written.map((f) => readFile(f, "latin1"))))];
    expect(LEAKABLE.filter((secret) => texts.some((t) => t.includes(secret)))).toEqual([]);
    expect(written.length).toBeGreaterThan(20);
    expect((await stat(path.join(temp, "summary.md"))).size).toBeGreaterThan(0);
  });

  it("makes only requests the real API accepts", () => {
    expect(github.flatMap((r) => validateGitHubRequest(r))).toEqual([]);
  });
});
