import type { Code, List } from "mdast";
import { ErrorCode } from "../../core/error-codes.js";
import type { Finding } from "../../core/findings.js";
import { lineOf, sourceLines, type MdNode } from "../markdown.js";
import { parseExampleBlock, type ExampleRole, type LabelledExample } from "../parse-example-block.js";
import { placeholder } from "../parse-type-sketch.js";
import { readEndpointDeclaration, type EndpointDeclaration } from "../read-endpoint-declaration.js";
import { emptyReading, type Notation, type NotationContext, type NotationReading } from "./types.js";

/**
 * An endpoint given as fields, one a line:
 *
 *     - **Method**: `POST`            Method: GET                 method: GET
 *     - **URL**: `/admin/register`    Path: /profile/:id           path: /x
 *     - **Body**:                     Response body: { id: number; … }
 *
 * as bullets, in a paragraph, or in a plain or YAML fence (where a value may run
 * over several lines, a JSON body or a TypeScript-like sketch). Body fields give
 * examples; an empty one (`**Body**:` last) labels the block that follows. A
 * fence of fields without a method or path (`URL: http://…` and bodies) gives
 * examples for the endpoint already open.
 */
export const fieldList: Notation = {
  name: "field-list",
  describes: "a field list",
  nodeTypes: ["list", "paragraph", "code"],
  read(node, context) {
    const fields = fieldsOf(node, context.source);
    if (!fields || !fields.some((f) => f.kind !== null)) return null;
    const locates = fields.some((f) => f.kind === "method" || f.kind === "path" || f.kind === "url");
    // Without a method or path, fields only add to an open endpoint; a paragraph of them is a label line (parse-spec.ts).
    if (!locates && (node.type === "paragraph" || context.open.length === 0)) return null;
    return readFields(fields, context);
  },
};

type FieldKind = "method" | "path" | "url" | "request" | "response" | "body";

interface Field {
  kind: FieldKind | null;
  key: string;
  value: string;
  line: number;
}

const FIELD = /^([A-Za-z][\w .-]{0,40}?)\s*:(?:\s+(.*)|$)/s;
const FENCE_LANGS = /^(?:|yaml|yml|text|txt|plain|plaintext)$/i;

/** The node's fields, or null when it is not made of fields only. */
function fieldsOf(node: MdNode, source: string): Field[] | null {
  if (node.type === "code") {
    if (!FENCE_LANGS.test((node as Code).lang ?? "")) return null;
    return fieldsOfFence((node as Code).value, lineOf(node) + 1);
  }
  const lines =
    node.type === "list"
      ? (node as List).children.map((item) => sourceLines(source, item)[0] ?? { text: "", line: lineOf(item) })
      : sourceLines(source, node).filter((l) => l.text.trim() !== "");
  const fields: Field[] = [];
  for (const { text, line } of lines) {
    const m = FIELD.exec(stripMarkup(text));
    if (!m) return null;
    fields.push(field(m[1] as string, m[2] ?? "", line));
  }
  return fields.length > 0 ? fields : null;
}

/** `Key: value` lines at the start of a line; anything else continues the value above (a JSON body). */
function fieldsOfFence(code: string, firstLine: number): Field[] | null {
  const fields: Field[] = [];
  let started = false;
  for (const [index, raw] of code.split("\n").entries()) {
    const m = /^\S/.test(raw) ? FIELD.exec(raw) : null;
    if (m) {
      fields.push(field(m[1] as string, m[2] ?? "", firstLine + index));
      started = true;
    } else if (!started && raw.trim() !== "") {
      return null;
    } else if (fields.length > 0) {
      (fields.at(-1) as Field).value += `\n${raw}`;
    }
  }
  return fields.length > 0 ? fields : null;
}

function field(key: string, value: string, line: number): Field {
  return { kind: kindOf(key), key: key.trim(), value: value.trim(), line };
}

function kindOf(key: string): FieldKind | null {
  const k = key.trim().toLowerCase();
  if (/^(?:http |route |request )?(?:method|verb)$/.test(k)) return "method";
  if (/^(?:route |request |api )?(?:path|endpoint|route)$/.test(k)) return "path";
  if (/^(?:request |route )?(?:url|uri)$/.test(k)) return "url";
  if (/^(?:request(?: body| payload)?|req\.body|payload|input)$/.test(k)) return "request";
  if (/^(?:response(?: body| json)?|res\.body|output|returns?)$/.test(k)) return "response";
  if (k === "body") return "body";
  return null;
}

function stripMarkup(line: string): string {
  return line
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "")
    .replace(/\*\*|__|`/g, "")
    .trim();
}

function readFields(fields: Field[], context: NotationContext): NotationReading {
  const reading = emptyReading();
  const declaration = declare(fields, context.file, reading.findings);
  const examples: LabelledExample[] = [];
  for (const f of fields) {
    if (f.kind !== "request" && f.kind !== "response" && f.kind !== "body") continue;
    // A bare "Body" is the request's, unless the heading above says this is the response.
    const role: ExampleRole = f.kind === "body" ? (context.label === "response" ? "response" : "request") : f.kind;
    if (f.value === "") reading.label = role;
    else examples.push(...bodyExamples(f, role, context.file, reading.findings));
  }
  if (declaration) reading.declarations.push({ declaration: declaration.declaration, line: declaration.line, examples });
  else reading.examples.push(...examples);
  return reading;
}

function declare(fields: Field[], file: string, findings: Finding[]): { declaration: EndpointDeclaration; line: number } | null {
  const method = fields.find((f) => f.kind === "method");
  const where = fields.find((f) => f.kind === "path") ?? fields.find((f) => f.kind === "url");
  const path = where ? pathOf(where.value) : "";
  const warn = (message: string, line: number) => findings.push({ code: ErrorCode.DocInvalidFormat, severity: "warning", message, file, line });

  // `**Endpoint**: `GET /x`` carries both.
  const whole = where ? readEndpointDeclaration(where.value.replace(/`/g, "")) : null;
  if (whole && where) return { declaration: whole, line: where.line };
  const verb = method ? (method.value.replace(/[`*"']/g, "").trim().split(/\s+/)[0] ?? "") : "";
  if (method && path.startsWith("/")) {
    const declaration = readEndpointDeclaration(`${verb} ${path}`);
    if (declaration) return { declaration, line: Math.min(method.line, (where as Field).line) };
    warn(`a field list gives the method "${verb}" and the path "${path}", which do not make an endpoint`, method.line);
    return null;
  }
  if (method) warn(`a field list gives a method (${verb}) but no path: no endpoint is declared`, method.line);
  // A full URL alone locates an example (`URL: http://localhost/x`); a bare path alone lacks its method.
  else if (where && path.startsWith("/") && !/^\W*https?:/.test(where.value)) warn(`a field list gives a path (${path}) but no method: no endpoint is declared`, where.line);
  return null;
}

/** `/x`, `` `/x` ``, `http://localhost:4000/api/x` → the path, query kept. */
function pathOf(value: string): string {
  const token = value.replace(/[`"']/g, "").trim().split(/\s+/)[0] ?? "";
  if (!/^https?:\/\//.test(token)) return token;
  try {
    const url = new URL(token);
    return url.pathname + url.search;
  } catch {
    return "";
  }
}

/** A TypeScript-like type rather than a value: `{ id: number; }`, `string | null`, `Vote[]`. */
const SKETCH = /:\s*(?:string|number|boolean|integer|any|unknown|object)\b|;\s*$|^[A-Z]\w*(?:\[\])?;?$|^(?:string|number|boolean)(?:\[\])?;?$/m;

function bodyExamples(f: Field, role: ExampleRole, file: string, findings: Finding[]): LabelledExample[] {
  const value = f.value;
  if (SKETCH.test(value)) {
    // Quoted keys are the sketch's too: `"username": string,`.
    const type = value.replace(/"([A-Za-z_$][\w$]*)"\s*:/g, "$1:").replace(/;\s*$/, "");
    return [{ role, example: { kind: "json", value: placeholder(type), line: f.line }, sketch: true }];
  }
  // Prose ("(similar to example 1)", "Same as register") is no example.
  if (!/^(?:[{["\d-]|true\b|false\b|null\b)/.test(value)) return [];
  const block = parseExampleBlock(value, "json", f.line, file);
  if (!block) return [];
  findings.push(...block.findings);
  return block.examples.map((e) => ({ ...e, role: e.role === "unlabelled" ? role : e.role }));
}
