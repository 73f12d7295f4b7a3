import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeSpecFile } from "../../src/spec/analyze-spec-file.js";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { MAX_SPEC_BYTES } from "../../src/spec/spec-size-limit.js";

const overLimit = "# Big\n\n" + "x".repeat(MAX_SPEC_BYTES);

describe("the SPEC size limit", () => {
  it("is 2 MiB", () => {
    expect(MAX_SPEC_BYTES).toBe(2 * 1024 * 1024);
  });

  it("refuses a larger SPEC with one E1004 error that gives the size and the limit", () => {
    expect(parseSpec(overLimit, "big.md").findings).toEqual([
      {
        code: "E1004",
        severity: "error",
        message: "the SPEC is 2.0 MiB (2097159 bytes), over the analyzer's limit of 2.0 MiB (2097152 bytes): split it into one SPEC per service",
        file: "big.md",
        line: 1,
      },
    ]);
  });

  it("counts bytes as on disk: a SPEC of multi-byte characters is refused by its bytes", () => {
    const text = "é".repeat(MAX_SPEC_BYTES / 2 + 1);
    expect(parseSpec(text, "e.md").findings.map((f) => f.message)).toEqual([
      "the SPEC is 2.0 MiB (2097154 bytes), over the analyzer's limit of 2.0 MiB (2097152 bytes): split it into one SPEC per service",
    ]);
  });

  it("refuses a file over the limit before reading it", async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-size-")), "SPEC.md");
    await writeFile(file, overLimit);
    const { findings, text } = await analyzeSpecFile(file, "SPEC.md");
    expect([text, findings.map((f) => `${f.code} ${f.file}:${f.line}`)]).toEqual(["", ["E1004 SPEC.md:1"]]);
  });
});
