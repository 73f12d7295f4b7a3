import { createScanner, parse, printParseErrorCode, SyntaxKind, type ParseError } from "jsonc-parser";
import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import type { JsonValue } from "../core/json.js";
import { parseTypeSketches } from "./parse-type-sketch.js";
import type { Example } from "./types.js";

export type ExampleRole = "request" | "response" | "unlabelled";

export interface LabelledExample {
  role: ExampleRole;
  example: Example;
}

export interface ExampleBlock {
  examples: LabelledExample[];
  query: Record<string, string>;
  findings: Finding[];
}

const TEXT_LANGS: Record<string, string> = {
  html: "text/html",
  xml: "application/xml",
  text: "text/plain",
  txt: "text/plain",
  plain: "text/plain",
};
const JSON_LANGS = new Set(["json", "jsonc", "json5", "js", "javascript", ""]);
const SKETCH_LANGS = new Set(["typescript", "ts", ""]);

/**
 * Reads one fenced code block of a SPEC as request/response examples.
 *
 * Real SPECs put several things in one block: `// Request` and `// Response`
 * sections, `// Query params: ?a=1` hints, comments after values, trailing
 * commas, `[...]` placeholders and, for WebSockets, several events one after
 * another. This reads all of that and reports precisely what it could not.
 *
 * @param firstLine 1-based line of the block's first content line (after the fence).
 * @returns null when the block is not an example at all (a shell session, Python, a diagram).
 */
export function parseExampleBlock(code: string, lang: string | null, firstLine: number, file: string): ExampleBlock | null {
  const language = (lang ?? "").toLowerCase();
  const textType = TEXT_LANGS[language];
  if (textType) {
    return { examples: [{ role: "unlabelled", example: { kind: "text", contentType: textType, text: code, line: firstLine } }], query: {}, findings: [] };
  }
  if (SKETCH_LANGS.has(language) && /^\s*(?:Request|Response)\s*\{/m.test(code)) return sketchBlock(code, firstLine);
  if (!JSON_LANGS.has(language) || !looksLikeJson(code, language !== "")) return null;

  const block: ExampleBlock = { examples: [], query: {}, findings: [] };
  const lines = code.split("\n");
  let role: ExampleRole = "unlabelled";
  let segment: string[] = [];
  let segmentStart = 0;

  const flush = () => {
    if (segment.some((l) => l.trim() !== "" && !l.trim().startsWith("//"))) {
      for (const value of splitTopLevelValues(segment.join("\n"), firstLine + segmentStart, file, block.findings)) {
        block.examples.push({ role, example: { kind: "json", value: value.value, line: value.line } });
      }
    }
  };

  lines.forEach((raw, index) => {
    const marker = /^\s*\/\/\s*(.*)$/.exec(raw)?.[1];
    if (marker === undefined) {
      if (segment.length === 0) segmentStart = index;
      segment.push(raw);
      return;
    }
    const query = /^(?:query(?:\s+param(?:eter)?s)?|params)\s*:\s*\??(\S*)/i.exec(marker);
    if (query) {
      Object.assign(block.query, parseQueryHint(query[1] ?? ""));
      return;
    }
    const nextRole: ExampleRole | null = /^request\b/i.test(marker)
      ? "request"
      : /^(?:response|returns?|output|example events?)\b/i.test(marker)
        ? "response"
        : null;
    if (nextRole) {
      flush();
      segment = [];
      role = nextRole;
      return;
    }
    // An ordinary comment (a WebSocket event's name, say): keep it so line numbers stay true.
    if (segment.length === 0) segmentStart = index;
    segment.push(raw);
  });
  flush();
  return block;
}

/** A block labelled json may hold a bare "pong" or 42; an unlabelled one counts only from { or [. */
function sketchBlock(code: string, firstLine: number): ExampleBlock {
  const block: ExampleBlock = { examples: [], query: {}, findings: [] };
  for (const sketch of parseTypeSketches(code)) {
    const line = firstLine + sketch.lineOffset;
    if (sketch.role === "query") Object.assign(block.query, Object.fromEntries(Object.keys(sketch.value).map((k) => [k, ""])));
    else block.examples.push({ role: sketch.role, example: { kind: "json", value: sketch.value, line } });
  }
  return block;
}

function looksLikeJson(code: string, labelled: boolean): boolean {
  for (const line of code.split("\n")) {
    const t = line.trim();
    if (t === "" || t.startsWith("//")) continue;
    return t.startsWith("{") || t.startsWith("[") || (labelled && /^("|-?\d|true\b|false\b|null\b)/.test(t));
  }
  return false;
}

function parseQueryHint(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) out[key] = value;
  return out;
}

interface LocatedValue {
  value: JsonValue;
  line: number;
}

/** Splits text holding one or more JSON values (objects or arrays) and parses each. */
function splitTopLevelValues(text: string, firstLine: number, file: string, findings: Finding[]): LocatedValue[] {
  const values: LocatedValue[] = [];
  const scanner = createScanner(text, false);
  let depth = 0;
  let start = -1;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      if (depth === 0) start = offset;
      depth++;
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      depth--;
      if (depth === 0 && start >= 0) {
        const end = offset + scanner.getTokenLength();
        const parsed = parseTolerant(text.slice(start, end), firstLine + lineOf(text, start), file, findings);
        if (parsed) values.push(parsed);
        start = -1;
      } else if (depth < 0) {
        findings.push(parseFinding(file, firstLine + lineOf(text, offset), "unbalanced closing bracket"));
        depth = 0;
      }
    } else if (depth === 0 && isPrimitive(token)) {
      // A bare "pong", 42 or true is a whole example too.
      const parsed = parseTolerant(text.slice(offset, offset + scanner.getTokenLength()), firstLine + lineOf(text, offset), file, findings);
      if (parsed) values.push(parsed);
    } else if (depth === 0 && !isTrivia(token) && token !== SyntaxKind.CommaToken) {
      findings.push(parseFinding(file, firstLine + lineOf(text, offset), `unexpected text "${text.slice(offset, offset + scanner.getTokenLength()).slice(0, 40)}" outside a JSON value`));
    }
  }
  if (depth > 0 && start >= 0) {
    findings.push(parseFinding(file, firstLine + lineOf(text, start), "JSON value is not closed (missing } or ])"));
  }
  return values;
}

function isPrimitive(token: SyntaxKind): boolean {
  return (
    token === SyntaxKind.StringLiteral ||
    token === SyntaxKind.NumericLiteral ||
    token === SyntaxKind.TrueKeyword ||
    token === SyntaxKind.FalseKeyword ||
    token === SyntaxKind.NullKeyword
  );
}

function isTrivia(token: SyntaxKind): boolean {
  return (
    token === SyntaxKind.LineCommentTrivia ||
    token === SyntaxKind.BlockCommentTrivia ||
    token === SyntaxKind.LineBreakTrivia ||
    token === SyntaxKind.Trivia
  );
}

function parseTolerant(text: string, line: number, file: string, findings: Finding[]): LocatedValue | null {
  const options = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };
  const errors: ParseError[] = [];
  const value = parse(text, errors, options) as JsonValue;
  if (errors.length === 0) return { value, line };

  // `[...]`, `{...}` and `"key": ...` are how people write "and so on"; read them as empty.
  // Python habits too: `# comments`, True, False, None.
  const repairedErrors: ParseError[] = [];
  const repaired = parse(fillPlaceholders(text), repairedErrors, options) as JsonValue;
  if (repairedErrors.length === 0) return { value: repaired, line };

  const first = errors[0] as ParseError;
  findings.push(parseFinding(file, line + lineOf(text, first.offset), `invalid JSON example: ${describeParseError(first)}`));
  return null;
}

function describeParseError(error: ParseError): string {
  const names: Record<string, string> = {
    InvalidSymbol: "unexpected symbol",
    PropertyNameExpected: "property name expected (keys need double quotes)",
    ValueExpected: "value expected",
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    UnexpectedEndOfString: "string is not closed",
    InvalidCharacter: "invalid character",
  };
  const name = printParseErrorCode(error.error);
  return names[name] ?? name;
}

function fillPlaceholders(text: string): string {
  let out = "";
  let inString = false;
  let lastSignificant = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (ch === "\\") {
        out += text[i + 1] ?? "";
        i++;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === "#") {
      // A comment to the end of the line; the newline stays so line numbers hold.
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
      continue;
    }
    const ellipsis = text.startsWith("...", i) ? 3 : ch === "…" ? 1 : 0;
    if (ellipsis) {
      out += lastSignificant === ":" ? "null" : "";
      i += ellipsis - 1;
      continue;
    }
    const word = /^(True|False|None)\b/.exec(text.slice(i, i + 6));
    if (word && !/\w/.test(text[i - 1] ?? "")) {
      out += word[1] === "True" ? "true" : word[1] === "False" ? "false" : "null";
      i += (word[1] as string).length - 1;
      lastSignificant = "e";
      continue;
    }
    if (ch === '"') inString = true;
    if (!/\s/.test(ch)) lastSignificant = ch;
    out += ch;
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function parseFinding(file: string, line: number, message: string): Finding {
  return { code: ErrorCode.DocParseError, severity: "error", message, file, line };
}
