import { readdirSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { memoryIo } from "../helpers/cli-io.js";
import { example, repoRoot } from "../helpers/paths.js";

const names = readdirSync(path.join(repoRoot, "examples"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("the example SPECs in examples/", () => {
  it("are there, one per notation at least", () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
  });

  it.each(names)("%s builds to a verified service, every endpoint checked", async (name) => {
    const io = memoryIo();
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-example-")), "svc");
    // Few generated requests: the CLI test runs the build-executor with the default 50.
    const code = await runCli(["run", example(name), "--out", out, "--json", "--fuzz", "5"], io);
    const report = JSON.parse(io.out()) as { verified: boolean; service: string; endpoints: Array<{ verified: boolean; checks: Array<{ kind: string; ok: boolean }> }>; findings: Array<{ severity: string }> };
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect({ code, verified: report.verified, service: report.service }).toEqual({ code: 0, verified: true, service: name });
    expect(report.endpoints.length).toBeGreaterThanOrEqual(8);
    expect(report.endpoints.filter((e) => !e.verified)).toEqual([]);
    expect(new Set(report.endpoints.flatMap((e) => e.checks.map((c) => c.kind)))).toEqual(new Set(["status", "shape", "schema", "not-found", "invalid-body", "fuzz"]));
  }, 120_000);
});
