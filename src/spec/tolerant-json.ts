import { createScanner, parse, SyntaxKind, type ParseError } from "jsonc-parser";
import { jsonrepair, JSONRepairError } from "jsonrepair";
import type { JsonValue } from "../core/json.js";

export type TolerantJson = { ok: true; value: JsonValue } | { ok: false; offset: number; message: string };

const JSONC = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/**
 * Reads one JSON value the way people write it in docs: with `//` and `#`
 * comments, trailing commas, elisions (`[...]`, `{...item...}`, `"key": ...`,
 * `…`), Python constants (True, False, None), single quotes and bare words.
 * `jsonrepair` does the repairing; two things it would also "repair" stay
 * errors, because they are mistakes in the SPEC rather than habits: a missing
 * comma or colon between two values, and a value that is never closed (the
 * caller splits values at balanced brackets, so one never reaches here).
 *
 * @param text one value, already passed through {@link normalizeNotation}
 */
export function readTolerantJson(text: string): TolerantJson {
  const errors: ParseError[] = [];
  const value = parse(text, errors, JSONC) as JsonValue;
  if (errors.length === 0) return { ok: true, value };

  const missing = findMissingSeparator(text);
  if (missing) return { ok: false, ...missing };
  try {
    return { ok: true, value: JSON.parse(jsonrepair(text)) as JsonValue };
  } catch (error) {
    const offset = error instanceof JSONRepairError ? error.position : (errors[0]?.offset ?? 0);
    const message = (error as Error).message.replace(/\s+at position \d+$/, "");
    return { ok: false, offset, message: message.charAt(0).toLowerCase() + message.slice(1) };
  }
}

/**
 * Rewrites what no JSON reader knows into JSON's own terms, keeping every
 * newline so that line numbers stay true: a `#` comment becomes spaces, an
 * elision becomes `null` where a value is due (`"key": ...`) and disappears
 * elsewhere, together with the comma after it.
 */
export function normalizeNotation(text: string): string {
  let out = "";
  let lastSignificant = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"' || ch === "'") {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      lastSignificant = ch;
      i = end;
      continue;
    }
    if (ch === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      const end = text[i + 1] === "/" ? lineEnd(text, i) : blockCommentEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === "#") {
      const end = lineEnd(text, i);
      out += " ".repeat(end - i);
      i = end;
      continue;
    }
    const elision = isWordStart(text, i) || ch === "." || ch === "…" ? ELISION.exec(text.slice(i, i + 80)) : null;
    if (elision) {
      i += elision[0].length;
      if (lastSignificant === ":") {
        out += "null";
        lastSignificant = "l";
        continue;
      }
      // `[1, ..., 5]`: the comma after an elision goes with it.
      const next = /^\s*,/.exec(text.slice(i, i + 40));
      if (next) {
        out += next[0].slice(0, -1);
        i += next[0].length;
      }
      continue;
    }
    if (!/\s/.test(ch)) lastSignificant = ch;
    out += ch;
    i++;
  }
  return out;
}

/** `...`, `…`, `...item...`, `items...`: an elision, with any word glued to it. */
const ELISION = /^[A-Za-z_]*(?:\.{3}|…)(?:[A-Za-z_]+(?:\.{3}|…)?)?/;

function isWordStart(text: string, i: number): boolean {
  return /[A-Za-z_]/.test(text[i] as string) && !/[\w.]/.test(text[i - 1] ?? "");
}

function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") i++;
    else if (ch === quote || ch === "\n") return i + 1;
  }
  return text.length;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end;
}

function blockCommentEnd(text: string, from: number): number {
  const end = text.indexOf("*/", from + 2);
  return end < 0 ? text.length : end + 2;
}

const VALUE_END = new Set([
  SyntaxKind.StringLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
  SyntaxKind.NullKeyword,
  SyntaxKind.CloseBraceToken,
  SyntaxKind.CloseBracketToken,
]);
const VALUE_START = new Set([
  SyntaxKind.StringLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
  SyntaxKind.NullKeyword,
  SyntaxKind.OpenBraceToken,
  SyntaxKind.OpenBracketToken,
]);

/**
 * Where a value follows another with no comma between them (`"active": 3`
 * then `"created": ...` on the next line), or a key with no colon. Bare words
 * are left out: `string | null` in a type sketch is not two values.
 */
function findMissingSeparator(text: string): { offset: number; message: string } | null {
  const scanner = createScanner(text, true);
  const containers: SyntaxKind[] = [];
  let previous = SyntaxKind.Unknown;
  let previousIsKey = false;
  let expectKey = false;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (VALUE_END.has(previous) && VALUE_START.has(token)) return { offset: scanner.getTokenOffset(), message: previousIsKey ? "':' expected" : "',' expected" };
    previousIsKey = expectKey && token === SyntaxKind.StringLiteral;
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) containers.push(token);
    if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) containers.pop();
    expectKey = containers.at(-1) === SyntaxKind.OpenBraceToken && (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.CommaToken);
    previous = token;
  }
  return null;
}
