import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import { isJsonObject, type JsonValue } from "../core/json.js";
import { routeShapeOf } from "./read-endpoint-declaration.js";
import { endpointKey, type Endpoint, type Example } from "./types.js";

/**
 * One endpoint declared in two notations (a table row indexing it, a heading
 * detailing it) is one endpoint: the later declaration's examples fill what the
 * first lacks. Where both give the same example differently, or name the path
 * parameters differently, that is ambiguous and said so; the first one's is kept.
 * Two declarations in the same notation stay two, for the linter to report.
 *
 * @param notationOf how each endpoint was declared ("a heading", "a table row")
 * @param unreadable endpoints whose example could not be read; kept true of the survivor
 */
export function mergeRedeclarations(endpoints: Endpoint[], notationOf: ReadonlyMap<Endpoint, string>, unreadable: Set<Endpoint>, file: string): { endpoints: Endpoint[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const first = new Map<string, Endpoint>();
  const kept: Endpoint[] = [];
  for (const endpoint of endpoints) {
    const key = `${endpoint.method} ${routeShapeOf(endpoint.path)}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, endpoint);
      kept.push(endpoint);
      continue;
    }
    const was = notationOf.get(earlier) ?? "";
    const now = notationOf.get(endpoint) ?? "";
    if (was === now) {
      kept.push(endpoint);
      continue;
    }
    const conflicts = [
      ...(earlier.path !== endpoint.path && routeShapeOf(earlier.path) !== earlier.path ? ["path parameters"] : []),
      ...(differ(earlier.request, endpoint.request) ? ["request examples"] : []),
      ...(differ(earlier.response, endpoint.response) ? ["response examples"] : []),
    ];
    if (conflicts.length > 0) {
      findings.push({
        code: ErrorCode.DocInvalidFormat,
        severity: "warning",
        message: `${endpointKey(endpoint)} is declared as ${now} here and as ${was} at line ${earlier.line} (${endpointKey(earlier)}), with different ${conflicts.join(" and ")}; read as one endpoint, the first declaration's where they differ`,
        file,
        line: endpoint.line,
        subject: endpointKey(earlier),
      });
    }
    fill(earlier, endpoint);
    if (unreadable.has(endpoint)) unreadable.add(earlier);
  }
  return { endpoints: kept, findings };
}

function differ(a: Example | undefined, b: Example | undefined): boolean {
  if (!a || !b) return false;
  return JSON.stringify(a.kind === "json" ? a.value : a.text) !== JSON.stringify(b.kind === "json" ? b.value : b.text);
}

function fill(into: Endpoint, from: Endpoint): void {
  if (!into.request && from.request) into.request = from.request;
  if (!into.response && from.response) into.response = from.response;
  if (into.events.length === 0) into.events.push(...from.events);
  if (!into.summary) into.summary = from.summary;
  for (const [k, v] of Object.entries(from.query)) if (!(k in into.query)) into.query[k] = v;
}

/** "Same as /x, plus:": the referenced endpoint's response, with this one's keys on top. */
export function resolveSameAs(refs: ReadonlyMap<Endpoint, { path: string; line: number }>, endpoints: Endpoint[], file: string): Finding[] {
  const findings: Finding[] = [];
  const withResponse = new Map<string, Endpoint[]>();
  for (const e of endpoints) {
    if (!e.response) continue;
    const same = withResponse.get(e.path);
    if (same) same.push(e);
    else withResponse.set(e.path, [e]);
  }
  for (const [endpoint, ref] of refs) {
    const source = withResponse.get(ref.path)?.find((e) => e !== endpoint);
    if (!source?.response) {
      findings.push({ code: ErrorCode.DocIncomplete, severity: "warning", message: `${endpoint.method} ${endpoint.path} refers to "${ref.path}", which has no response example`, file, line: ref.line });
      continue;
    }
    const own = endpoint.response;
    if (own?.kind === "json" && source.response.kind === "json" && isJsonObject(own.value) && isJsonObject(source.response.value)) {
      endpoint.response = { kind: "json", line: own.line, value: { ...source.response.value, ...own.value } as JsonValue };
    } else if (!own) {
      endpoint.response = { ...source.response, line: ref.line };
    }
  }
  return findings;
}
