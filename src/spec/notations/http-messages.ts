import { ErrorCode } from "../../core/error-codes.js";
import type { Finding } from "../../core/findings.js";
import { parseExampleBlock, type ExampleRole, type LabelledExample } from "../parse-example-block.js";
import { readEndpointDeclaration } from "../read-endpoint-declaration.js";
import { emptyReading, type DeclaredEndpoint, type NotationContext, type NotationReading } from "./types.js";

/** `POST /notes HTTP/1.1`, `GET http://localhost:8080/notes?limit=1`, `PUT /x` alone. */
const REQUEST_LINE = /^([A-Za-z]+)\s+(\/\S*|https?:\/\/\S+)(?:\s+HTTP\/[\d.]+)?\s*$/;
/** `HTTP/1.1 201 Created`, or the bare `200 OK` / `204 NO CONTENT` some docs write. */
const STATUS_LINE = /^(?:HTTP\/[\d.]+\s+(\d{3})\b.*|(\d{3})\s+[A-Za-z][A-Za-z -]*)$/;
const HEADER = /^[A-Za-z][A-Za-z0-9-]*\s*:/;
const FENCE = /^\s{0,3}(?:`{3,}|~{3,})/;

type StartLine = { kind: "request"; method: string; target: string } | { kind: "response"; status: number };

/** A message's start line, or null; only unindented lines count, so a body's own lines never do. */
export function readStartLine(line: string): StartLine | null {
  if (/^\s/.test(line)) return null;
  const request = REQUEST_LINE.exec(line);
  if (request && readEndpointDeclaration(`${request[1]} /`)) return { kind: "request", method: request[1] as string, target: request[2] as string };
  const status = STATUS_LINE.exec(line.trim());
  if (status) return { kind: "response", status: Number(status[1] ?? status[2]) };
  return null;
}

/**
 * Reads raw HTTP messages: a request line, headers, a blank line and a body; an
 * answer as a status line, headers and a body; several in one block. A request
 * declares its endpoint and carries its body and the answers after it; an answer
 * with no request before it belongs to the endpoint already open. Only a 2xx
 * answer's body is the documented response: a 404 example is not.
 *
 * @param firstLine SPEC line of the block's first line
 */
export function readHttpMessages(code: string, firstLine: number, context: NotationContext): NotationReading {
  const reading = emptyReading();
  const lines = code.split("\n");
  const starts = lines.flatMap((line, index) => {
    const start = readStartLine(line);
    return start ? [{ start, index }] : [];
  });
  const headless = readMessage(lines, 0, starts[0]?.index ?? lines.length, firstLine, context, reading.findings);
  if (headless.body) {
    const role = context.label === "request" ? "request" : "response";
    reading.findings.push({
      code: ErrorCode.DocInvalidFormat,
      severity: "warning",
      message: `an HTTP message with neither a request line nor a status line; its body is read as the ${role}`,
      file: context.file,
      line: firstLine + headless.bodyIndex,
    });
    reading.examples.push(...examplesOf(headless, role, firstLine, context, reading.findings));
  }

  let current: DeclaredEndpoint | null = null;
  starts.forEach(({ start, index }, n) => {
    const message = readMessage(lines, index + 1, starts[n + 1]?.index ?? lines.length, firstLine, context, reading.findings);
    if (start.kind === "request") {
      const declaration = readEndpointDeclaration(`${start.method} ${pathOf(start.target)}`);
      current = declaration ? { declaration, line: firstLine + index, examples: requestExamples(message, declaration.method, firstLine, context, reading.findings) } : null;
      if (current) reading.declarations.push(current);
      return;
    }
    // A 4xx or 5xx example shows an error, not what the endpoint answers.
    if (start.status < 200 || start.status > 299) return;
    const examples = examplesOf(message, "response", firstLine, context, reading.findings);
    if (current) (current as DeclaredEndpoint).examples.push(...examples);
    else reading.examples.push(...examples);
  });
  return reading;
}

interface Message {
  body: string;
  /** Index in the block's lines of the body's first line. */
  bodyIndex: number;
  contentType: string;
}

/** Headers from `from`, then the body up to `to`, cut where the block evidently stops being this message. */
function readMessage(lines: string[], from: number, to: number, firstLine: number, context: NotationContext, findings: Finding[]): Message {
  let i = from;
  let contentType = "";
  for (; i < to && HEADER.test(lines[i] as string) && !/^\s*[{["]/.test(lines[i] as string); i++) {
    const header = /^content-type\s*:\s*(.*)$/i.exec(lines[i] as string);
    if (header) contentType = (header[1] as string).trim().toLowerCase();
  }
  let end = to;
  const fence = lines.slice(i, to).findIndex((line) => FENCE.test(line));
  if (fence >= 0) {
    // Markdown closed nothing here: the fence that opened this block was probably never closed.
    end = i + fence;
    findings.push({
      code: ErrorCode.DocInvalidFormat,
      severity: "warning",
      message: `a code fence inside the block that starts at line ${firstLine - 1}: is that block missing its closing fence? Read up to line ${firstLine + end - 1}`,
      file: context.file,
      line: firstLine + end,
    });
  }
  for (let j = i + 1; j < end; j++) {
    // After a blank line, prose ("**PUT /jobs/:id** - Update") is no longer the body.
    const line = lines[j] as string;
    if ((lines[j - 1] as string).trim() === "" && line.trim() !== "" && !/^\s*(?:[{}[\]"\d-]|true\b|false\b|null\b|\/\/)/.test(line)) {
      end = j;
      break;
    }
  }
  const bodyLines = lines.slice(i, end);
  const leading = bodyLines.findIndex((l) => l.trim() !== "");
  const body = leading < 0 ? "" : bodyLines.slice(leading).join("\n").trimEnd();
  return { body, bodyIndex: i + Math.max(leading, 0), contentType };
}

/** A GET or HEAD request has no body: text after one is something else (a stream of answers, say), so it is not guessed at. */
function requestExamples(message: Message, method: string, firstLine: number, context: NotationContext, findings: Finding[]): LabelledExample[] {
  if (!message.body || (method !== "GET" && method !== "HEAD")) return examplesOf(message, "request", firstLine, context, findings);
  findings.push({
    code: ErrorCode.DocInvalidFormat,
    severity: "warning",
    message: `text after a ${method} request, which has no body, and no status line before it: not read as an example`,
    file: context.file,
    line: firstLine + message.bodyIndex,
  });
  return [];
}

function examplesOf(message: Message, role: ExampleRole, firstLine: number, context: NotationContext, findings: Finding[]): LabelledExample[] {
  if (!message.body) return [];
  const lang = /html/.test(message.contentType) ? "html" : /text\/plain/.test(message.contentType) ? "text" : "json";
  const block = parseExampleBlock(message.body, lang, firstLine + message.bodyIndex, context.file);
  if (!block) return [];
  findings.push(...block.findings);
  return block.examples.map((e) => ({ ...e, role: e.role === "unlabelled" ? role : e.role }));
}

function pathOf(target: string): string {
  if (!/^https?:/.test(target)) return target;
  const url = new URL(target);
  return url.pathname + url.search;
}
