import type { JsonObject, JsonValue } from "../core/json.js";
import { LineCounter } from "./line-counter.js";

export interface TypeSketch {
  role: "request" | "response" | "query";
  value: JsonObject;
  /** 0-based line of the sketch's opening line within the block. */
  lineOffset: number;
}

const PLACEHOLDER_TIME = "2025-01-01T00:00:00Z";

/**
 * Reads TypeScript-like sketches of a request or response, a form some SPECs
 * use instead of JSON examples:
 *
 *     Response {
 *       patternId: string;
 *       suggestedStrategies: RecoveryStrategy[];
 *       status?: 'ok' | 'failed';
 *     }
 *
 * Each becomes an example with a placeholder value of the declared type.
 * Optional fields are left out: nothing may be required of them. Types the
 * sketch does not define (RecoveryStrategy) become null, which matches anything.
 */
export function parseTypeSketches(code: string): TypeSketch[] {
  const sketches: TypeSketch[] = [];
  const lines = new LineCounter(code);
  const opener = /^\s*(Request|Response|Query)\s*\{/gm;
  for (let m = opener.exec(code); m; m = opener.exec(code)) {
    const start = m.index + m[0].length;
    const end = matchingBrace(code, start);
    if (end < 0) continue;
    const role = (m[1] as string).toLowerCase() as TypeSketch["role"];
    sketches.push({
      role,
      // Query parameters are optional by nature; every one declared is worth knowing.
      value: readFields(code.slice(start, end), role === "query"),
      lineOffset: lines.lineAt(m.index + m[0].indexOf(m[1] as string)),
    });
    opener.lastIndex = end;
  }
  return sketches;
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

/** `name?: type;` entries of an object body, nested bodies included. */
function readFields(body: string, includeOptional = false): JsonObject {
  const out: JsonObject = {};
  // Sticky, from `i`: no copy of the rest of the body for every field.
  const field = /\s*(?:\/\/[^\n]*\n\s*)*([A-Za-z_$][\w$]*)(\?)?\s*:\s*/y;
  let i = 0;
  while (i < body.length) {
    field.lastIndex = i;
    const m = field.exec(body);
    if (!m) break;
    i += m[0].length;
    let typeEnd = i;
    let depth = 0;
    for (; typeEnd < body.length; typeEnd++) {
      const ch = body[typeEnd];
      if (ch === "{" || ch === "<" || ch === "(") depth++;
      else if (ch === "}" || ch === ">" || ch === ")") depth--;
      else if (depth === 0 && (ch === ";" || ch === "\n" || ch === ",")) break;
    }
    const type = body.slice(i, typeEnd).replace(/\/\/.*$/, "").trim();
    i = typeEnd + 1;
    if (!m[2] || includeOptional) out[m[1] as string] = placeholder(type);
  }
  return out;
}

/** A value of the sketched type: `string` → "string", `number[]` → [0], `{ id: string; }` → { id: "string" }. */
export function placeholder(type: string): JsonValue {
  const t = type.trim();
  if (t.endsWith("[]")) {
    const element = placeholder(t.slice(0, -2).replace(/^\((.*)\)$/, "$1"));
    return element === null ? [] : [element];
  }
  if (t.startsWith("{") && t.endsWith("}")) return readFields(t.slice(1, -1));
  const literal = /^['"]([^'"]*)['"]/.exec(t);
  if (literal) return literal[1] as string;
  const first = t.split("|")[0]?.trim() ?? "";
  if (first !== t) return placeholder(first);
  if (/^string$/i.test(t)) return "string";
  if (/^(ISO8601|Date|DateTime|datetime)$/.test(t)) return PLACEHOLDER_TIME;
  if (/^(number|integer|int|float)$/i.test(t)) return 0;
  if (/^boolean$/i.test(t)) return false;
  if (/^(Record<.*>|object|\{\})$/.test(t)) return {};
  return null;
}
