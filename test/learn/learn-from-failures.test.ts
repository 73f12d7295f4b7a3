import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { memoryIo } from "../helpers/cli-io.js";
import { example, fixture } from "../helpers/paths.js";

interface JsonReport {
  verified: boolean;
  attempts: Array<{ phase: string; attempt: number; status: string; pattern?: string; strategy?: string }>;
  learned: {
    patterns: Array<{ id: string; code: string; phase: string; endpoint: string | null; seen: number; strategies: Array<{ name: string; tried: number; worked: number }> }>;
    preventionTests: Array<{ patternId: string; path: string; failsBefore: boolean; passesAfter: boolean }>;
  };
}

/**
 * A generator command whose first attempt drops one documented key from one
 * endpoint's answer and whose second leaves the scaffold as it is: verify fails
 * once, the pipeline regenerates with the findings, and learns.
 */
describe("learning from a failure the generator repairs", () => {
  let dir = "";
  let store = "";
  let log = "";
  const runs: Array<{ code: number; report: JsonReport; err: string }> = [];

  const run = async () => {
    const io = memoryIo();
    const code = await runCli(
      [
        "run",
        example("url-shortener"),
        "--out",
        path.join(dir, "svc"),
        "--fresh",
        "--json",
        "--patterns",
        store,
        "--generator",
        "command",
        "--generator-command",
        path.join(dir, "generate.sh"),
      ],
      io,
    );
    runs.push({ code, report: JSON.parse(io.out()) as JsonReport, err: io.err() });
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "specforge-learn-"));
    store = path.join(dir, "patterns");
    log = path.join(dir, "generator.log");
    // --generator-command takes one program: a wrapper script gives the fixture its arguments.
    const script = `#!/bin/sh\nexec "${process.execPath}" "${fixture("generators/drop-key-once.mjs")}" "${log}" "GET /links/{code}" clicks\n`;
    await writeFile(path.join(dir, "generate.sh"), script, { mode: 0o755 });
    await run();
    await run();
  }, 240_000);

  it("verifies on attempt 2 after regenerating with the findings", () => {
    const [first] = runs;
    expect(first?.code).toBe(0);
    expect(first?.report.verified).toBe(true);
    expect(first?.report.attempts.map((a) => [a.phase, a.attempt, a.status, a.strategy ?? "-"])).toEqual([
      ["analyze", 1, "passed", "-"],
      ["generate", 1, "passed", "-"],
      ["build", 1, "passed", "-"],
      ["verify", 1, "failed", "regenerate-with-findings"],
      ["generate", 2, "passed", "-"],
      ["build", 2, "passed", "-"],
      ["verify", 2, "passed", "-"],
    ]);
  });

  it("gives the generator the previous attempt's findings", async () => {
    const calls = (await readFile(log, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { attempt: number; findings: string[] });
    expect(calls.slice(0, 2).map((c) => [c.attempt, c.findings])).toEqual([
      [1, []],
      [2, ["E3004 GET /links/{code}"]],
    ]);
  });

  it("learns one pattern, seen once, with the strategy that worked", () => {
    const learned = runs[0]?.report.learned;
    expect(learned?.patterns).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{16}$/), code: "E3004", phase: "verify", endpoint: "GET /links/{code}", seen: 1, strategies: [{ name: "regenerate-with-findings", tried: 1, worked: 1 }] },
    ]);
  });

  it("keeps a prevention test that failed on attempt 1's service and passed on attempt 2's", async () => {
    const id = runs[0]?.report.learned.patterns[0]?.id as string;
    expect(runs[0]?.report.learned.preventionTests).toEqual([{ patternId: id, path: `prevention/url-shortener/${id}.test.mjs`, failsBefore: true, passesAfter: true }]);
    const test = await readFile(path.join(store, "prevention/url-shortener", `${id}.test.mjs`), "utf8");
    expect(test).toContain(`// Prevention test for pattern ${id} (`);
    expect(test).toContain('"endpoint": "GET /links/{code}"');
  });

  it("on a second run counts the pattern twice and tries the strategy that worked first, by its record", () => {
    const second = runs[1];
    expect(second?.report.verified).toBe(true);
    expect(second?.report.learned.patterns).toEqual([expect.objectContaining({ seen: 2, strategies: [{ name: "regenerate-with-findings", tried: 2, worked: 2 }] })]);
    expect(second?.err).toContain("regenerate-with-findings worked 1/1: going on from generate");
  });

  it("adds no second prevention test for the same pattern", async () => {
    expect(runs[1]?.report.learned.preventionTests).toEqual([]);
    expect(await readdir(path.join(store, "prevention/url-shortener"))).toHaveLength(1);
  });

  it("runs the store's prevention tests during verify: one that fails fails the build", async () => {
    // A prevention test the probes would not catch: it expects a key the SPEC never documents.
    const storeWithTest = path.join(dir, "patterns-strict");
    const testDir = path.join(storeWithTest, "prevention/url-shortener");
    await mkdir(testDir, { recursive: true });
    const kept = await readFile(path.join(store, "prevention/url-shortener", `${runs[0]?.report.learned.patterns[0]?.id}.test.mjs`), "utf8");
    await writeFile(path.join(testDir, "00000000000000aa.test.mjs"), kept.replace('"clicks": 42,', '"clicks": 42, "owner": "someone",'));
    const io = memoryIo();
    const code = await runCli(["run", example("url-shortener"), "--out", path.join(dir, "svc-strict"), "--json", "--patterns", storeWithTest, "--generator", "template"], io);
    const report = JSON.parse(io.out()) as { verified: boolean; findings: Array<{ code: string; severity: string; message: string }> };
    expect({ code, verified: report.verified }).toEqual({ code: 1, verified: false });
    expect(report.findings.filter((f) => f.severity === "error").map((f) => [f.code, f.message.split(":")[0]])).toEqual([["E3004", "prevention test for pattern 00000000000000aa failed"]]);
  });

  it("lists what the store learned with specforge patterns", async () => {
    const io = memoryIo();
    expect(await runCli(["patterns", "--patterns", store, "--json"], io)).toBe(0);
    const listed = JSON.parse(io.out()) as { patterns: Array<{ id: string; seen: number; strategies: Array<{ name: string; tried: number; worked: number }> }> };
    expect(listed.patterns.map((p) => [p.seen, p.strategies.map((s) => `${s.name} ${s.worked}/${s.tried}`)])).toEqual([[2, ["regenerate-with-findings 2/2"]]]);
  });
});
