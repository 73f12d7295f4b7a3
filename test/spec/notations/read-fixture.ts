import { readFileSync } from "node:fs";
import { parseSpec } from "../../../src/spec/parse-spec.js";
import type { AnalyzeResult, Example } from "../../../src/spec/types.js";
import { fixture } from "../../helpers/paths.js";

/** Parses `test/fixtures/specs/notations/<name>`. */
export function readNotationFixture(name: string): AnalyzeResult {
  return parseSpec(readFileSync(fixture("specs/notations", name), "utf8"), name);
}

/** Each endpoint as `line METHOD /path`, with the lines of its request and response examples. */
export function outline(result: AnalyzeResult): string[] {
  const at = (e: Example | undefined) => (e ? String(e.line) : "-");
  return result.spec.endpoints.map((e) => `${e.line} ${e.method} ${e.path} request@${at(e.request)} response@${at(e.response)}`);
}

/** The findings other than the UDC endpoints a small fixture leaves out, as `line CODE severity message`. */
export function notes(result: AnalyzeResult): string[] {
  return result.findings.filter((f) => !/^UDC endpoint/.test(f.message)).map((f) => `${f.line} ${f.code} ${f.severity} ${f.message}`);
}

/** The JSON request and response examples of the first endpoint at `path` (and `method`, when given); null where there is none. */
export function examplesAt(result: AnalyzeResult, path: string, method?: string): Array<unknown> {
  const e = result.spec.endpoints.find((x) => x.path === path && (method === undefined || x.method === method));
  return [e?.request, e?.response].map((x) => (x?.kind === "json" ? x.value : null));
}
