import { readdirSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/main.js";
import { memoryIo } from "../../helpers/cli-io.js";
import { fixture } from "../../helpers/paths.js";

interface Report {
  verified: boolean;
  endpoints: Array<{ method: string; path: string; verified: boolean; checks: Array<{ kind: string; ok: boolean; source: string }> }>;
  findings: Array<{ severity: string; code: string; message: string }>;
}

async function run(name: string, target: string): Promise<{ code: number; report: Report }> {
  const io = memoryIo();
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-openapi-")), "svc");
  const code = await runCli(["run", fixture("specs/openapi", name), "--out", out, "--json", "--fuzz", "10", "--target", target], io);
  return { code, report: JSON.parse(io.out()) as Report };
}

const names = readdirSync(fixture("specs/openapi")).sort();

describe.each(["typescript-node", "python-fastapi"])("every OpenAPI fixture, as %s", (target) => {
  it.each(names)("%s builds to a verified service that passes every check", async (name) => {
    const { code, report } = await run(name, target);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(report.endpoints.flatMap((e) => e.checks.filter((c) => !c.ok).map((c) => `${e.method} ${e.path} ${c.kind}`))).toEqual([]);
    expect(report.endpoints.flatMap((e) => e.checks.filter((c) => c.kind === "schema" && c.source === "spec")).length).toBeGreaterThanOrEqual(4);
    expect({ code, verified: report.verified }).toEqual({ code: 0, verified: true });
  }, 120_000);
});
