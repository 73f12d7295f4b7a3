import { readFile, stat } from "node:fs/promises";
import { ErrorCode } from "../core/error-codes.js";
import { parseSpec } from "./parse-spec.js";
import { sizeFinding } from "./spec-size-limit.js";
import type { AnalyzeResult } from "./types.js";

/**
 * Reads and parses a SPEC file; a missing or empty file is an E1001 finding, not an exception.
 * @param file where to read it
 * @param label how findings name it (a repository-relative path, say); defaults to `file`
 */
export async function analyzeSpecFile(file: string, label = file): Promise<AnalyzeResult & { text: string }> {
  let text: string;
  try {
    // Over the limit, the file is refused before it is read into memory.
    const tooLarge = sizeFinding((await stat(file)).size, label);
    if (tooLarge) return { text: "", spec: parseSpec("", label).spec, findings: [tooLarge] };
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : `cannot read file (${(error as Error).message})`;
    return { text: "", ...emptyResult(label, reason) };
  }
  if (text.trim() === "") return { text, ...emptyResult(label, "the SPEC is empty") };
  if (isOpenApiFile(file)) {
    // Loaded only for OpenAPI documents: a markdown SPEC never pays for the OpenAPI parser.
    const { parseOpenApi } = await import("./openapi/parse-openapi.js");
    return { text, ...(await parseOpenApi(text, label)) };
  }
  return { text, ...parseSpec(text, label) };
}

/** A `.yaml`, `.yml` or `.json` SPEC is an OpenAPI document; anything else is read as markdown. */
export function isOpenApiFile(file: string): boolean {
  return /\.(ya?ml|json)$/i.test(file);
}

function emptyResult(file: string, message: string): AnalyzeResult {
  const parsed = parseSpec("", file);
  return { spec: parsed.spec, findings: [{ code: ErrorCode.DocNotFound, severity: "error", message, file }] };
}
