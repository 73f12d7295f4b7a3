import { readFile } from "node:fs/promises";
import { ErrorCode } from "../core/error-codes.js";
import { parseSpec } from "./parse-spec.js";
import type { AnalyzeResult } from "./types.js";

/** Reads and parses a SPEC file; a missing or empty file is an E1001 finding, not an exception. */
export async function analyzeSpecFile(file: string): Promise<AnalyzeResult & { text: string }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : `cannot read file (${(error as Error).message})`;
    return { text: "", ...emptyResult(file, reason) };
  }
  if (text.trim() === "") return { text, ...emptyResult(file, "the SPEC is empty") };
  return { text, ...parseSpec(text, file) };
}

function emptyResult(file: string, message: string): AnalyzeResult {
  const parsed = parseSpec("", file);
  return { spec: parsed.spec, findings: [{ code: ErrorCode.DocNotFound, severity: "error", message, file }] };
}
