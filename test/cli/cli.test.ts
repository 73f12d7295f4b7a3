import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { memoryIo } from "../helpers/cli-io.js";
import { buildExecutorSpec, example, fixture, repoRoot } from "../helpers/paths.js";

const tempDir = () => mkdtemp(path.join(os.tmpdir(), "specforge-cli-"));

describe("specforge run on the build-executor SPEC, --json", () => {
  const io = memoryIo();
  let code = -1;
  let report: Record<string, unknown> & { endpoints: Array<Record<string, unknown>>; phases: Array<Record<string, unknown>> };
  let markdown = "";

  beforeAll(async () => {
    const dir = await tempDir();
    code = await runCli(["run", buildExecutorSpec, "--out", path.join(dir, "svc"), "--json", "--report", path.join(dir, "report.md")], io);
    report = JSON.parse(io.out());
    markdown = await readFile(path.join(dir, "report.md"), "utf8");
  }, 120_000);

  it("exits 0", () => {
    expect(code).toBe(0);
  });

  it("prints one JSON object with the verdict, the service and every phase", () => {
    expect(report).toMatchObject({ verified: true, service: "build-executor", version: "1.0.0" });
    // The SPEC names Python and FastAPI; the default target is TypeScript, and the report says so.
    expect(report["findings"]).toEqual([
      {
        code: "E1003",
        severity: "warning",
        message: expect.stringMatching(/^the SPEC names Python, FastAPI as its stack .*--target python-fastapi/),
        line: 225,
        file: buildExecutorSpec,
      },
    ]);
    expect(report.phases.map((p) => [p.name, p.status, typeof p.durationMs])).toEqual([
      ["analyze", "passed", "number"],
      ["generate", "passed", "number"],
      ["build", "passed", "number"],
      ["verify", "passed", "number"],
    ]);
  });

  it("verifies the 5 UDC endpoints and the 7 service endpoints, the WebSocket stream included", () => {
    expect(report.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      "GET /health",
      "GET /capabilities",
      "GET /state",
      "GET /dependencies",
      "POST /message",
      "POST /builds/submit",
      "GET /builds/{build_id}/status",
      "GET /builds",
      "POST /builds/{build_id}/approve",
      "POST /builds/{build_id}/cancel",
      "POST /builds/{build_id}/rollback",
      "WS /builds/{build_id}/stream",
    ]);
    expect(report.endpoints.every((e) => e.verified === true && typeof e.detail === "string")).toBe(true);
  });

  it("lists each endpoint's checks, 50 generated requests each by default", () => {
    const approve = report.endpoints.find((e) => e.path === "/builds/{build_id}/approve") as { checks: Array<{ kind: string; ok: boolean; detail: string; source: string }> };
    expect(approve.checks.map((c) => [c.kind, c.ok, c.source])).toEqual([
      ["status", true, "spec"],
      ["shape", true, "spec"],
      ["schema", true, "inferred"],
      ["not-found", true, "inferred"],
      ["invalid-body", true, "inferred"],
      ["fuzz", true, "inferred"],
    ]);
    expect(approve.checks.find((c) => c.kind === "fuzz")?.detail).toMatch(/^50 generated requests, none answered 5xx or hung \(seed -?\d+\)$/);
  });

  it("keeps progress off stdout", () => {
    expect(io.err()).toMatch(/\[build\] install/);
    expect(io.out()).not.toContain("[build]");
  });

  it("writes the markdown report", () => {
    expect(markdown).toContain("## build-executor: ✅ verified");
    expect(markdown).toContain("### Endpoints (12/12 verified)");
  });
});

describe("specforge run on a SPEC with errors", () => {
  it("exits 1 and reports the finding with its line in JSON", async () => {
    const io = memoryIo();
    const code = await runCli(["run", fixture("specs/invalid-json.md"), "--out", path.join(await tempDir(), "svc"), "--json"], io);
    expect(code).toBe(1);
    const report = JSON.parse(io.out());
    expect(report.verified).toBe(false);
    expect(report.findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([expect.objectContaining({ code: "E1002", line: 11, message: "invalid JSON example: ',' expected" })]);
  });
});

describe("specforge analyze", () => {
  it("prints path:line: CODE message and exits 1 on errors", async () => {
    const io = memoryIo();
    const spec = fixture("specs/bad-path-param.md");
    expect(await runCli(["analyze", spec], io)).toBe(1);
    expect(io.out().trim().split("\n").at(-1)).toBe(`${spec}:11: E1004 GET /items/{item_id: path segment "{item_id" has an unbalanced { }`);
  });

  it("exits 0 when there are only warnings", async () => {
    const io = memoryIo();
    expect(await runCli(["analyze", fixture("specs/no-example.md")], io)).toBe(0);
    expect(io.out()).toContain(":11: E1003 (warning) GET /reports has no response example");
  });
});

describe("usage errors", () => {
  it.each([[["run"]], [["frobnicate"]], [["run", "x.md", "--generator", "magic"]], [["run", "x.md", "--no-such-flag"]]])("exit 2 for %j", async (argv) => {
    const io = memoryIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err()).not.toBe("");
  });

  it.each(["-1", "many", "1001"])("exit 2 for --fuzz %s, saying what it takes", async (value) => {
    const io = memoryIo();
    expect(await runCli(["run", fixture("specs/minimal.md"), "--fuzz", value], io)).toBe(2);
    expect(io.err()).toBe(`specforge: --fuzz must be a whole number from 0 to 1000, got "${value}"\n`);
  });

  it("exit 2 naming the targets for an unknown one", async () => {
    const io = memoryIo();
    expect(await runCli(["run", "x.md", "--target", "cobol-cics"], io)).toBe(2);
    expect(io.err()).toBe('specforge: unknown target "cobol-cics" (use: typescript-node, python-fastapi)\n');
  });
});

describe("specforge run --target python-fastapi", () => {
  it("builds the SPEC as a FastAPI service and verifies it", async () => {
    const io = memoryIo();
    const out = path.join(await tempDir(), "svc");
    const code = await runCli(["run", example("url-shortener"), "--out", out, "--target", "python-fastapi", "--json"], io);
    const report = JSON.parse(io.out()) as { verified: boolean; generator: string; endpoints: Array<{ verified: boolean }> };
    expect({ code, verified: report.verified, generator: report.generator.split("+").slice(0, 2).join("+") }).toEqual({ code: 0, verified: true, generator: "template@1+python-fastapi" });
    expect(report.endpoints.filter((e) => e.verified)).toHaveLength(9);
    expect(io.err()).toContain("generator: template, target python-fastapi\n");
    expect(await readFile(path.join(out, "app/main.py"), "utf8")).toContain("FastAPI");
  }, 120_000);
});

describe("Ctrl-C during a build", () => {
  it("stops the build's processes and exits 130", async () => {
    const out = path.join(await tempDir(), "svc");
    // Without the install cache, so that the interrupt lands in a real npm ci.
    const child = spawn(process.execPath, [path.join(repoRoot, "bin/specforge.js"), "run", fixture("specs/minimal.md"), "--out", out, "--no-install-cache"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes("[build] install")) resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toContain("interrupted");
    expect(await processesWorkingIn(out)).toEqual([]);
  });
});

async function processesWorkingIn(dir: string): Promise<string[]> {
  const pids = (await readdir("/proc")).filter((p) => /^\d+$/.test(p));
  const inside: string[] = [];
  for (const pid of pids) {
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => "");
    if (cwd.startsWith(dir)) inside.push(pid);
  }
  return inside;
}

describe("choosing the generator", () => {
  it("refuses --generator claude without an API key, saying where the key goes", async () => {
    const io = memoryIo();
    expect(await runCli(["run", fixture("specs/minimal.md"), "--generator", "claude"], io)).toBe(2);
    expect(io.err()).toContain("the claude generator needs an Anthropic API key (ANTHROPIC_API_KEY");
  });
});

describe("--fuzz", () => {
  it("sets the generated requests per endpoint; 0 sends none", async () => {
    const io = memoryIo();
    expect(await runCli(["run", fixture("specs/minimal.md"), "--out", path.join(await tempDir(), "svc"), "--json", "--fuzz", "0"], io)).toBe(0);
    const report = JSON.parse(io.out()) as { endpoints: Array<{ checks: Array<{ kind: string }> }> };
    expect([...new Set(report.endpoints.flatMap((e) => e.checks.map((c) => c.kind)))]).toEqual(["status", "shape", "schema", "invalid-body", "not-found"]);
  });
});

describe("--config", () => {
  /** `specforge run` on the notes SPEC with a specforge.yml holding `text`. */
  async function runWithConfig(text: string) {
    const file = path.join(await tempDir(), "specforge.yml");
    await writeFile(file, text);
    const io = memoryIo();
    return { file, io, code: await runCli(["run", fixture("specs/minimal.md"), "--config", file], io) };
  }

  it("refuses a configuration with a bad key, naming the file and the key", async () => {
    const { file, io, code } = await runWithConfig("retries:\n  build: 0\n");
    expect(code).toBe(2);
    expect(io.err()).toBe(`specforge: ${file} is invalid:\n- \`retries.build\`: must be a whole number from 1 to 5\n`);
  });

  it("refuses a number of generated requests out of range, naming the key", async () => {
    const { file, io, code } = await runWithConfig("verify:\n  fuzz: 5000\n");
    expect(code).toBe(2);
    expect(io.err()).toBe(`specforge: ${file} is invalid:\n- \`verify.fuzz\`: must be a whole number from 0 to 1000\n`);
  });

  it("takes the generator from the file unless --generator says otherwise", async () => {
    const { io, code } = await runWithConfig("generator: claude\n");
    expect(code).toBe(2);
    expect(io.err()).toContain("the claude generator needs an Anthropic API key");
  });
});
