import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import type { PipelineEvent } from "../../src/pipeline/types.js";
import { createTemplateGenerator } from "../../src/synth/template-generator.js";
import type { Generator } from "../../src/synth/types.js";
import type { ProcessRunner, RunResult } from "../../src/verify/process-runner.js";
import { createInstallCache } from "../../src/verify/install-cache.js";
import { fixture } from "../helpers/paths.js";
import { trackingRunner, waitUntilGone } from "../helpers/process-tracking.js";

const tempDir = () => mkdtemp(path.join(os.tmpdir(), "specforge-pipeline-"));

/**
 * A runner whose builds fail the given number of times, recording each command; its "tsc" leaves a
 * compiled test behind. With `failFirst`, the first command whose arguments mention it fails instead.
 */
function failingRunner(failures: number, output = "npm ERR! network ETIMEDOUT", only?: { failFirst: string; output: string }): ProcessRunner & { calls: string[] } {
  const calls: string[] = [];
  let left = failures;
  let failedOnce = false;
  return {
    calls,
    async run(file, args, options): Promise<RunResult> {
      calls.push([path.basename(file), ...args.slice(0, 1)].join(" "));
      if (only && !failedOnce && args.some((a) => String(a).includes(only.failFirst))) {
        failedOnce = true;
        return { exitCode: 2, output: only.output, timedOut: false, durationMs: 1 };
      }
      const fail = left > 0;
      if (fail) left--;
      if (!fail && String(args[0]).endsWith("tsc")) {
        await mkdir(path.join(options.cwd, "dist/test"), { recursive: true });
        await writeFile(path.join(options.cwd, "dist/test/service.test.js"), "");
      }
      return { exitCode: fail ? 1 : 0, output: fail ? output : "", timedOut: false, durationMs: 1 };
    },
    start() {
      // A service that exits at once: verify reports it, nothing real runs.
      return { pid: -1, exited: Promise.resolve({ exitCode: 1, signal: null }), output: () => "", stop: async () => {} };
    },
    async stopAll() {},
  };
}

describe("the pipeline's retry policy", () => {
  it("tries the build twice, then fails with the build's finding and skips verify", async () => {
    const runner = failingRunner(2);
    const report = await runPipeline({ specPath: fixture("specs/minimal.md"), outDir: path.join(await tempDir(), "svc") }, { runner, generator: await createTemplateGenerator() });
    expect(runner.calls).toEqual(["npm ci", "npm ci"]);
    expect(report.phases.map((p) => [p.name, p.status, p.attempts])).toEqual([
      ["analyze", "passed", 1],
      ["generate", "passed", 1],
      ["build", "failed", 2],
      ["verify", "skipped", 0],
    ]);
    expect(report.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      ["E2002", "warning", "attempt 1: npm ci failed (exit 1): npm ERR! network ETIMEDOUT"],
      ["E2002", "error", "npm ci failed (exit 1): npm ERR! network ETIMEDOUT"],
    ]);
    expect(report.verified).toBe(false);
  });

  it("times every try, the failed ones marked, from a clock it is given", async () => {
    let clock = 0;
    const now = () => (clock += 10);
    const report = await runPipeline({ specPath: fixture("specs/minimal.md"), outDir: path.join(await tempDir(), "svc") }, { runner: failingRunner(2), generator: await createTemplateGenerator(), now });
    expect(report.attempts.map((t) => [t.phase, t.attempt, t.status])).toEqual([
      ["analyze", 1, "passed"],
      ["generate", 1, "passed"],
      ["build", 1, "failed"],
      ["build", 2, "failed"],
    ]);
    expect(report.attempts.every((t, i, all) => t.durationMs > 0 && (i === 0 || t.startMs >= (all[i - 1]?.startMs ?? 0)))).toBe(true);
  });

  it("tries generation three times before giving up when there is nothing to fall back on", async () => {
    let calls = 0;
    const flaky: Generator = {
      // Named like the template generator: falling back to it is no way out.
      id: "template",
      version: "flaky",
      deterministic: false,
      async generate() {
        calls++;
        throw new Error("model returned no files");
      },
    };
    const report = await runPipeline({ specPath: fixture("specs/minimal.md"), outDir: path.join(await tempDir(), "svc") }, { runner: failingRunner(0), generator: flaky });
    expect(calls).toBe(3);
    expect(report.phases.find((p) => p.name === "generate")).toMatchObject({ status: "failed", attempts: 3 });
    expect(report.findings.map((f) => f.severity)).toEqual(["warning", "warning", "error"]);
    expect(report.attempts.map((a) => [a.phase, a.attempt, a.status, a.strategy ?? "-"])).toEqual([
      ["analyze", 1, "passed", "-"],
      ["generate", 1, "failed", "retry"],
      ["generate", 2, "failed", "retry"],
      ["generate", 3, "failed", "-"],
    ]);
  });

  it("falls back to the template generator when another generator keeps failing", async () => {
    const flaky: Generator = {
      id: "flaky",
      version: "1",
      deterministic: false,
      async generate() {
        throw new Error("model returned no files");
      },
    };
    const report = await runPipeline({ specPath: fixture("specs/minimal.md"), outDir: path.join(await tempDir(), "svc") }, { runner: failingRunner(0), generator: flaky });
    // Retried once; retry then has a record of 0/1 on this failure, so the untried fallback goes first.
    expect(report.attempts.map((a) => [a.phase, a.attempt, a.status, a.strategy ?? "-"])).toEqual([
      ["analyze", 1, "passed", "-"],
      ["generate", 1, "failed", "retry"],
      ["generate", 2, "failed", "fallback-template"],
      ["generate", 3, "passed", "-"],
      ["build", 1, "passed", "-"],
      ["verify", 1, "failed", "-"],
    ]);
    expect(report.generator).toMatch(/^template@/);
  });

  it("asks a non-deterministic generator again, with the compiler's errors, when the service does not compile", async () => {
    const seen: string[][] = [];
    const template = await createTemplateGenerator();
    const learning: Generator = {
      id: "learning",
      version: "1",
      deterministic: false,
      generate: async (input) => {
        seen.push(input.previousFindings.map((f) => f.code));
        return template.generate(input);
      },
    };
    const runner = failingRunner(0, "", { failFirst: "tsc", output: "src/handlers.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'." });
    const report = await runPipeline({ specPath: fixture("specs/minimal.md"), outDir: path.join(await tempDir(), "svc") }, { runner, generator: learning });
    expect(seen).toEqual([[], ["E2004"]]);
    expect(report.phases.find((p) => p.name === "build")).toMatchObject({ status: "passed", attempts: 2 });
    expect(report.attempts.find((a) => a.status === "failed")).toMatchObject({ phase: "build", strategy: "regenerate-with-findings" });
  });

  it("retries the build as it is when the install met a network error", async () => {
    const runner = failingRunner(1);
    const report = await runPipeline({ specPath: fixture("specs/minimal.md"), outDir: path.join(await tempDir(), "svc") }, { runner, generator: await createTemplateGenerator() });
    expect(runner.calls.slice(0, 2)).toEqual(["npm ci", "npm ci"]);
    expect(report.attempts.slice(2, 4).map((a) => [a.phase, a.status, a.strategy ?? "-"])).toEqual([
      ["build", "failed", "retry"],
      ["build", "passed", "-"],
    ]);
  });

  it("stops at analyze for a SPEC with errors and writes nothing", async () => {
    const out = path.join(await tempDir(), "svc");
    const report = await runPipeline({ specPath: fixture("specs/invalid-json.md"), outDir: out }, { runner: failingRunner(0), generator: await createTemplateGenerator() });
    expect(report.phases.map((p) => p.status)).toEqual(["failed", "skipped", "skipped", "skipped"]);
    await expect(readFile(path.join(out, "package.json"))).rejects.toThrow();
  });
});

describe("a real run on the notes SPEC, then re-runs", () => {
  const runner = trackingRunner();
  let dir = "";
  let spec = "";
  let out = "";
  const events: PipelineEvent[] = [];
  let first: Awaited<ReturnType<typeof runPipeline>>;

  beforeAll(async () => {
    dir = await tempDir();
    spec = path.join(dir, "SPEC.md");
    out = path.join(dir, "notes");
    await cp(fixture("specs/minimal.md"), spec);
    first = await runPipeline({ specPath: spec, outDir: out }, { runner, generator: await createTemplateGenerator(), onEvent: (e) => events.push(e) });
  });

  it("verifies every endpoint", () => {
    expect(first.verified).toBe(true);
    expect(first.endpoints.map((e) => `${e.method} ${e.path} ${e.verified}`)).toEqual([
      "GET /health true",
      "GET /capabilities true",
      "GET /state true",
      "GET /dependencies true",
      "POST /message true",
      "POST /notes true",
      "GET /notes/{note_id} true",
    ]);
  });

  it("emits start, progress and completion events for each phase in order", () => {
    const phases = events.filter((e) => e.type === "phase-start" || e.type === "phase-complete").map((e) => `${e.type}:${e.phase}`);
    expect(phases).toEqual([
      "phase-start:analyze",
      "phase-complete:analyze",
      "phase-start:generate",
      "phase-complete:generate",
      "phase-start:build",
      "phase-complete:build",
      "phase-start:verify",
      "phase-complete:verify",
    ]);
    expect(events.filter((e) => e.type === "progress" && e.phase === "build").map((e) => (e as { message: string }).message)).toEqual(["install", "compile", "test"]);
  });

  it("leaves no process behind", async () => {
    for (const p of runner.started) expect(await waitUntilGone(p.pid)).toBe(true);
  });

  it("resumes every completed phase on a re-run with the same SPEC and generator", async () => {
    const counting = failingRunner(0);
    const again = await runPipeline({ specPath: spec, outDir: out }, { runner: counting, generator: await createTemplateGenerator() });
    expect(again.phases.map((p) => p.status)).toEqual(["passed", "resumed", "resumed", "resumed"]);
    expect(counting.calls).toEqual([]);
    expect(again.verified).toBe(true);
    expect(again.endpoints).toEqual(first.endpoints);
  });

  it("regenerates over a hand edit, and resumes build and verify once the files are the verified ones again", async () => {
    await writeFile(path.join(out, "src/routes.ts"), "// edited\n", { flag: "a" });
    const counting = failingRunner(0);
    const again = await runPipeline({ specPath: spec, outDir: out }, { runner: counting, generator: await createTemplateGenerator() });
    expect(again.phases.map((p) => p.status)).toEqual(["passed", "passed", "resumed", "resumed"]);
    expect(counting.calls).toEqual([]);
    expect(await readFile(path.join(out, "src/routes.ts"), "utf8")).not.toContain("// edited");
  });

  it("resumes from a checkpoint kept elsewhere when the folder has none", async () => {
    const elsewhere = JSON.parse(await readFile(path.join(out, ".specforge/checkpoint.json"), "utf8"));
    const freshOut = path.join(dir, "fresh-runner");
    const counting = failingRunner(0);
    const again = await runPipeline({ specPath: spec, outDir: freshOut, previous: elsewhere }, { runner: counting, generator: await createTemplateGenerator() });
    expect(again.phases.map((p) => p.status)).toEqual(["passed", "passed", "resumed", "resumed"]);
    expect(again.endpoints).toEqual(first.endpoints);
    expect(counting.calls).toEqual([]);
  });

  it("redoes everything after the SPEC changes", async () => {
    await writeFile(spec, (await readFile(spec, "utf8")).replace("**Version:** 2.1.0", "**Version:** 2.2.0"));
    const counting = failingRunner(1);
    const again = await runPipeline({ specPath: spec, outDir: out, retry: { buildAttempts: 1 } }, { runner: counting, generator: await createTemplateGenerator() });
    expect(again.phases.map((p) => p.status)).toEqual(["passed", "passed", "failed", "skipped"]);
    expect(JSON.parse(await readFile(path.join(out, "package.json"), "utf8")).version).toBe("2.2.0");
  });
});

describe("a SPEC with numeric ids, Express-style params, a DELETE and a bare JSON answer", () => {
  it("builds and verifies: created resources are read back and removed by their numeric id", async () => {
    const runner = trackingRunner();
    const report = await runPipeline({ specPath: fixture("specs/numeric-ids.md"), outDir: path.join(await tempDir(), "todo") }, { runner, generator: await createTemplateGenerator() });
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(report.endpoints.map((e) => `${e.method} ${e.path} ${e.verified}`).slice(5)).toEqual([
      "POST /todos true",
      "GET /todos/{id} true",
      "GET /todos true",
      "DELETE /todos/{id} true",
      "GET /ping true",
    ]);
    expect(report.verified).toBe(true);
  });
});

describe("the generated service, as a client sees it", () => {
  it("answers HEAD like GET, 404 for an unknown id, and 400 naming a missing field", async () => {
    const runner = trackingRunner();
    const out = path.join(await tempDir(), "notes");
    const report = await runPipeline({ specPath: fixture("specs/minimal.md"), outDir: out }, { runner, generator: await createTemplateGenerator() });
    expect(report.verified).toBe(true);
    const service = runner.start(process.execPath, ["dist/src/server.js"], { cwd: out, env: { PORT: "0", HOST: "127.0.0.1" } });
    try {
      const port = await new Promise<number>((resolve) => {
        const poll = setInterval(() => {
          const m = /"port":(\d+)/.exec(service.output());
          if (m) {
            clearInterval(poll);
            resolve(Number(m[1]));
          }
        }, 20);
      });
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health`, { method: "HEAD" })).status).toBe(200);
      expect((await fetch(`${base}/notes/nope`)).status).toBe(404);
      const bad = await fetch(`${base}/notes`, { method: "POST", body: JSON.stringify({ body: "milk" }), headers: { "content-type": "application/json" } });
      expect([bad.status, await bad.json()]).toEqual([400, { error: "validation_error", field: "title", detail: "field 'title' is required" }]);
    } finally {
      await service.stop();
    }
  });
});

describe("the service's start-up beside its own tests", () => {
  const installCache = createInstallCache(path.join(os.tmpdir(), "specforge-test-install-cache"));
  /** The real runner, logging when the service's tests run and when the service starts; `testsFail` answers the tests with a failure instead of running them. */
  const loggingRunner = (testsFail: boolean) => {
    const real = trackingRunner();
    const log: string[] = [];
    const runner: ProcessRunner = {
      async run(file, args, options) {
        if (!args.some((a) => a.startsWith("--test"))) return real.run(file, args, options);
        log.push("tests start");
        const result = testsFail ? { exitCode: 1, output: "not ok 1 - GET /health answers as documented", timedOut: false, durationMs: 1 } : await real.run(file, args, options);
        log.push("tests end");
        return result;
      },
      start(file, args, options) {
        log.push("service starts");
        return real.start(file, args, options);
      },
      stopAll: () => real.stopAll(),
    };
    return { runner, log, started: real.started };
  };

  it("starts the service as its tests start, and probes it once they pass", async () => {
    const { runner, log, started } = loggingRunner(false);
    const report = await runPipeline({ specPath: fixture("specs/minimal.md"), outDir: path.join(await tempDir(), "svc") }, { runner, generator: await createTemplateGenerator(), installCache });
    expect(report.verified).toBe(true);
    expect(log).toEqual(["service starts", "tests start", "tests end"]);
    expect(started).toHaveLength(1);
    expect(await waitUntilGone(started[0]?.pid ?? -1)).toBe(true);
  });

  it("stops the service it started when the tests fail", async () => {
    const { runner, log, started } = loggingRunner(true);
    const report = await runPipeline({ specPath: fixture("specs/minimal.md"), outDir: path.join(await tempDir(), "svc"), retry: { buildAttempts: 1 } }, { runner, generator: await createTemplateGenerator(), installCache });
    expect(report.phases.map((p) => [p.name, p.status])).toEqual([
      ["analyze", "passed"],
      ["generate", "passed"],
      ["build", "failed"],
      ["verify", "skipped"],
    ]);
    expect(log).toEqual(["service starts", "tests start", "tests end"]);
    expect(await waitUntilGone(started[0]?.pid ?? -1)).toBe(true);
  });
});
