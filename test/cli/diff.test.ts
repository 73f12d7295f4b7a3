import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { memoryIo } from "../helpers/cli-io.js";
import { example } from "../helpers/paths.js";

async function pair(change: (text: string) => string): Promise<[string, string]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-diff-"));
  const text = readFileSync(example("url-shortener"), "utf8");
  const [before, after] = [path.join(dir, "old.md"), path.join(dir, "new.md")];
  await writeFile(before, text);
  await writeFile(after, change(text));
  return [before, after];
}

describe("specforge diff", () => {
  it("prints the grade and each change at its line", async () => {
    const [before, after] = await pair((t) => t.replace('"clicks": 42, "created_at"', '"clicks": "42", "created_at"'));
    const io = memoryIo();
    expect(await runCli(["diff", before, after], io)).toBe(0);
    expect(io.out()).toBe(`risk: high\n${after}:50: breaking: GET /links/{code}: response field \`clicks\` changed from number to string\n`);
  });

  it("--json gives the grade, the reasons and the changes with their file", async () => {
    const [before, after] = await pair((t) => t.slice(0, t.indexOf("### DELETE /links/{code}")) + t.slice(t.indexOf("## Success Criteria")));
    const io = memoryIo();
    await runCli(["diff", before, after, "--json"], io);
    const report = JSON.parse(io.out()) as { grade: string; changes: Array<{ kind: string; file: string; line: number }> };
    expect(report.grade).toBe("critical");
    expect(report.changes.map((c) => [c.kind, c.file, c.line])).toEqual([["endpoint-removed", before, 62]]);
  });

  it("exits 2 naming a file it cannot read", async () => {
    const io = memoryIo();
    expect(await runCli(["diff", "/nonexistent/old.md", example("url-shortener")], io)).toBe(2);
    expect(io.err()).toBe("specforge: cannot read /nonexistent/old.md: file not found\n");
  });
});
