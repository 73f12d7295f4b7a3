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
  endpoints: Array<{ method: string; path: string; verified: boolean; detail: string }>;
  findings: Array<{ severity: string; code: string; message: string }>;
}

async function run(name: string): Promise<{ code: number; report: Report }> {
  const io = memoryIo();
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-notation-")), "svc");
  const code = await runCli(["run", fixture("specs/notations", name), "--out", out, "--json", "--fuzz", "5"], io);
  return { code, report: JSON.parse(io.out()) as Report };
}

const names = readdirSync(fixture("specs/notations"))
  .filter((f) => f.endsWith(".md"))
  .sort();

describe("every notation fixture", () => {
  it.each(names)("%s builds to a verified service, every endpoint checked", async (name) => {
    const { code, report } = await run(name);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(report.endpoints.filter((e) => !e.verified)).toEqual([]);
    expect({ code, verified: report.verified }).toEqual({ code: 0, verified: true });
  }, 120_000);
});
