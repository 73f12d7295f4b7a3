import { createScanner, SyntaxKind } from "jsonc-parser";
import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import type { JsonValue } from "../core/json.js";
import { LineCounter } from "./line-counter.js";
import { parseTypeSketches } from "./parse-type-sketch.js";
import { normalizeNotation, readTolerantJson } from "./tolerant-json.js";
import type { Example } from "./types.js";

export type ExampleRole = "request" | "response" | "unlabelled";

export interface LabelledExample {
  role: ExampleRole;
  example: Example;
  /** From a type sketch (`Response { id: string; }`): a concrete example that follows takes its place. */
  sketch?: boolean;
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
    else block.examples.push({ role: sketch.role, example: { kind: "json", value: sketch.value, line }, sketch: true });
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

/** Splits text holding one or more JSON values (objects or arrays) and reads each. */
function splitTopLevelValues(raw: string, firstLine: number, file: string, findings: Finding[]): LocatedValue[] {
  const values: LocatedValue[] = [];
  // `#` comments and elisions out of the way first, so that neither is taken for text outside a value.
  const text = normalizeNotation(raw);
  const lines = new LineCounter(text);
  const lineAt = (offset: number) => firstLine + lines.lineAt(offset);
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
        const parsed = readValue(text.slice(start, end), lineAt(start), file, findings);
        if (parsed) values.push(parsed);
        start = -1;
      } else if (depth < 0) {
        findings.push(parseFinding(file, lineAt(offset), "unbalanced closing bracket"));
        depth = 0;
      }
    } else if (depth === 0 && isPrimitive(token)) {
      // A bare "pong", 42 or true is a whole example too.
      const parsed = readValue(text.slice(offset, offset + scanner.getTokenLength()), lineAt(offset), file, findings);
      if (parsed) values.push(parsed);
    } else if (depth === 0 && !isTrivia(token) && token !== SyntaxKind.CommaToken) {
      findings.push(parseFinding(file, lineAt(offset), `unexpected text "${text.slice(offset, offset + scanner.getTokenLength()).slice(0, 40)}" outside a JSON value`));
    }
  }
  if (depth > 0 && start >= 0) {
    findings.push(parseFinding(file, lineAt(start), "JSON value is not closed (missing } or ])"));
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

function readValue(text: string, line: number, file: string, findings: Finding[]): LocatedValue | null {
  const read = readTolerantJson(text);
  if (read.ok) return { value: read.value, line };
  findings.push(parseFinding(file, line + new LineCounter(text).lineAt(read.offset), `invalid JSON example: ${read.message}`));
  return null;
}

function parseFinding(file: string, line: number, message: string): Finding {
  return { code: ErrorCode.DocParseError, severity: "error", message, file, line };
}
