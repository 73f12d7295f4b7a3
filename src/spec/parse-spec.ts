import type { Code, Heading, Table } from "mdast";
import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import { isJsonObject, type JsonValue } from "../core/json.js";
import { lintSpec } from "./lint-spec.js";
import { lineOf, parseMarkdown, readLabelledValue, sourceLines, textOf, type MdNode } from "./markdown.js";
import { parseExampleBlock, type ExampleRole } from "./parse-example-block.js";
import { parseModels } from "./parse-models.js";
import { readEndpointDeclaration, readEndpointLabel, readPathParams, type EndpointDeclaration } from "./read-endpoint-declaration.js";
import { toServiceName } from "./to-service-name.js";
import {
  UDC_ENDPOINTS,
  type AnalyzeResult,
  type DataModel,
  type Dependency,
  type Endpoint,
  type Example,
  type ListItem,
  type ServiceSpec,
} from "./types.js";

type SectionKind = "dependencies" | "successCriteria" | "performanceTargets" | "purpose" | "other";

interface OpenEndpoint {
  endpoint: Endpoint;
  /** Headings at this depth or shallower close the endpoint. */
  depth: number;
  label: ExampleRole | null;
  sameAs?: { path: string; line: number };
}

/**
 * Parses a SPEC.md into a typed model and lints it. Pure: the caller reads the file.
 * Never throws on bad input; everything it could not read becomes a finding with a line.
 */
export function parseSpec(text: string, file: string): AnalyzeResult {
  const findings: Finding[] = [];
  const tree = parseMarkdown(text);

  const endpoints: Endpoint[] = [];
  const models: DataModel[] = [];
  const dependencies: Dependency[] = [];
  const successCriteria: ListItem[] = [];
  const performanceTargets: ListItem[] = [];
  const meta: Record<string, { value: string; line: number }> = {};
  const unreadable = new Set<Endpoint>();
  const sameAsRefs = new Map<Endpoint, { path: string; line: number }>();
  let title = "";
  let purpose = "";
  let lastHeading = "";

  let open: OpenEndpoint | null = null;
  let section: { kind: SectionKind; depth: number } = { kind: "other", depth: 0 };
  let dependencyGroup: { required: boolean | null; depth: number } = { required: true, depth: 0 };

  const closeEndpoint = () => {
    if (open?.sameAs) sameAsRefs.set(open.endpoint, open.sameAs);
    open = null;
  };

  const openEndpoint = (decl: EndpointDeclaration, line: number, depth: number): OpenEndpoint | null => {
    closeEndpoint();
    const params = readPathParams(decl.path);
    if (params.error) {
      findings.push({ code: ErrorCode.DocInvalidFormat, severity: "error", message: `${decl.method} ${decl.path}: ${params.error}`, file, line, subject: `${decl.method} ${decl.path}` });
      return null;
    }
    const endpoint: Endpoint = {
      method: decl.method,
      path: decl.path,
      pathParams: params.params,
      line,
      summary: decl.summary,
      isUdc: UDC_ENDPOINTS.some((u) => u.method === decl.method && u.path === decl.path),
      events: [],
      query: { ...decl.query },
    };
    endpoints.push(endpoint);
    open = { endpoint, depth, label: null };
    return open;
  };

  for (const node of tree.children as MdNode[]) {
    if (node.type === "heading") {
      const heading = node as Heading;
      const headingText = textOf(heading);
      lastHeading = headingText;
      if (heading.depth === 1 && !title) title = headingText;
      const current = open as OpenEndpoint | null;
      if (current && heading.depth <= current.depth) closeEndpoint();
      // The raw line, not the rendered text: markdown would read `<id>` as a tag or an autolink.
      const rawHeading = (sourceLines(text, heading)[0]?.text ?? headingText).replace(/^\s*#+\s*/, "").replace(/\s+#+\s*$/, "");
      const decl = readEndpointDeclaration(rawHeading) ?? readEndpointDeclaration(headingText);
      if (decl) {
        openEndpoint(decl, lineOf(heading), heading.depth);
        continue;
      }
      if (open) {
        // A sub-heading of an endpoint ("#### Response") labels the blocks under it.
        (open as OpenEndpoint).label = roleFromLabel(headingText);
        continue;
      }
      if (heading.depth <= section.depth || section.kind === "other") {
        section = { kind: classifySection(headingText), depth: heading.depth };
        dependencyGroup = { required: true, depth: heading.depth };
      }
      if (section.kind === "dependencies" && heading.depth > section.depth) {
        dependencyGroup = { required: classifyDependencyGroup(headingText), depth: heading.depth };
      }
      continue;
    }

    if (node.type === "paragraph") {
      for (const { text: lineText, line } of sourceLines(text, node)) {
        const labelled = readLabelledValue(lineText);
        if (labelled && !open && !(labelled.label in meta)) meta[labelled.label] = { value: labelled.value, line };
        const declared = readEndpointLabel(lineText);
        if (declared) {
          openEndpoint(declared, line, (open as OpenEndpoint | null)?.depth ?? section.depth);
          continue;
        }
        if (open) {
          const current = open as OpenEndpoint;
          const role = labelled ? roleFromLabel(labelled.label) : null;
          if (role) current.label = role;
          const sameAs = /\bsame as\s+\x60?(\/[^\s,\x60]*)/i.exec(lineText);
          if (sameAs && role !== "request") current.sameAs = { path: sameAs[1] as string, line };
        }
      }
      if (!open && section.kind === "purpose" && !purpose) purpose = textOf(node);
      if (!open && section.kind === "successCriteria") {
        for (const { text: lineText, line } of sourceLines(text, node)) {
          const item = cleanListText(lineText);
          if (/^[✅✓☑]/u.test(lineText.trim()) && item) successCriteria.push({ text: item, line });
        }
      }
      continue;
    }

    if (node.type === "code") {
      const code = node as Code;
      const firstLine = lineOf(code) + 1;
      if ((code.lang ?? "").toLowerCase() === "python") models.push(...parseModels(code.value, firstLine));
      if ((code.lang ?? "").toLowerCase() === "http") {
        readHttpBlock(code, firstLine, file, open as OpenEndpoint | null, openEndpoint, findings);
        continue;
      }
      if (!open) continue;
      const current = open as OpenEndpoint;
      const block = parseExampleBlock(code.value, code.lang ?? null, firstLine, file);
      if (!block) continue;
      findings.push(...block.findings);
      if (block.findings.length > 0) unreadable.add(current.endpoint);
      Object.assign(current.endpoint.query, block.query);
      for (const { role, example } of block.examples) attachExample(current.endpoint, role === "unlabelled" ? (current.label ?? "unlabelled") : role, example);
      current.label = null;
      continue;
    }

    if (node.type === "list" && !open) {
      const items = node.children.map((item) => ({ text: cleanListText(textOf(item)), line: lineOf(item) })).filter((i) => i.text);
      // "- `GET /metrics` - Prometheus metrics", or a bare "- `/metrics`" under an endpoints heading.
      const listed = items.flatMap((item) => {
        const decl = readEndpointDeclaration(item.text) ?? (/endpoint|route/i.test(lastHeading) ? readPathOnly(item.text) : null);
        return decl ? [{ decl, line: item.line }] : [];
      });
      if (listed.length > 0 && listed.length === items.length) {
        for (const { decl, line } of listed) {
          if (endpoints.some((e) => e.method === decl.method && e.path === decl.path)) continue;
          openEndpoint(decl, line, 0);
          closeEndpoint();
        }
        continue;
      }
      if (section.kind === "successCriteria") successCriteria.push(...items);
      if (section.kind === "performanceTargets") performanceTargets.push(...items);
      if (section.kind === "dependencies" && dependencyGroup.required !== null) {
        for (const item of items) {
          const dep = readDependency(item.text, item.line, dependencyGroup.required);
          if (dep) dependencies.push(dep);
        }
      }
      continue;
    }

    if (node.type === "table") readTableEndpoints(node as Table, endpoints, openEndpoint, () => closeEndpoint());
  }
  closeEndpoint();
  resolveSameAs(sameAsRefs, endpoints, file, findings);

  const spec: ServiceSpec = {
    file,
    name: toServiceName(meta["service name"]?.value ?? meta["service"]?.value, title, file),
    title,
    version: cleanValue(meta["version"]?.value) || "0.1.0",
    purpose,
    endpoints,
    models,
    dependencies,
    successCriteria,
    performanceTargets,
  };
  const port = Number.parseInt(cleanValue(meta["port"]?.value), 10);
  if (Number.isInteger(port) && port > 0 && port < 65536) spec.port = port;

  findings.push(...lintSpec(spec, { hasServiceName: Boolean(meta["service name"] ?? meta["service"]), hasVersion: Boolean(meta["version"]), unreadable }));
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { spec, findings };
}

function attachExample(endpoint: Endpoint, role: ExampleRole, example: Example): void {
  if (role === "request" && !endpoint.request) {
    endpoint.request = example;
    return;
  }
  if (endpoint.method === "WS") {
    if (!endpoint.response) endpoint.response = example;
    endpoint.events.push(example);
    return;
  }
  if (!endpoint.response) endpoint.response = example;
  else endpoint.events.push(example);
}

function roleFromLabel(label: string): ExampleRole | null {
  const l = label.trim().toLowerCase();
  if (/^(?:example\s+)?(?:request|input|accepts|body|payload|request body)\b/.test(l)) return "request";
  if (/^(?:example\s+)?(?:response|output|returns?|result|response body)\b/.test(l)) return "response";
  return null;
}

function classifySection(heading: string): SectionKind {
  const h = heading.toLowerCase();
  if (/\bdependenc/.test(h) && !/\/dependencies/.test(h)) return "dependencies";
  if (/success criteria|definition of done|acceptance criteria/.test(h)) return "successCriteria";
  if (/performance (?:targets|requirements|goals)|\bsla\b/.test(h)) return "performanceTargets";
  if (/^purpose\b|^overview\b/.test(h)) return "purpose";
  return "other";
}

/** null: a group that lists no services of ours (external APIs, libraries). */
function classifyDependencyGroup(heading: string): boolean | null {
  const h = heading.toLowerCase();
  if (/optional/.test(h)) return false;
  if (/required|services/.test(h)) return true;
  return null;
}

function readDependency(text: string, line: number, required: boolean): Dependency | null {
  if (/^none\b/i.test(text)) return null;
  const port = /\(\s*(?:port\s*:?\s*)?(\d{2,5})\s*\)/i.exec(text);
  const name = text.split(/\s+[-–—(:]|\s*\(/)[0]?.trim() ?? "";
  if (!name) return null;
  const description = text.replace(/^[^-–—]*[-–—]\s*/, "").trim();
  const dep: Dependency = { name, required, description: description === text ? "" : description, line };
  if (port) dep.port = Number(port[1]);
  return dep;
}

function readPathOnly(text: string): EndpointDeclaration | null {
  const m = /^\x60?(\/[^\s\x60]*)\x60?(?:\s*[-–—:]\s*(.*))?$/.exec(text.trim());
  return m ? readEndpointDeclaration(`GET ${m[1]}${m[2] ? ` - ${m[2]}` : ""}`) : null;
}

function cleanListText(text: string): string {
  return text.replace(/^\s*(?:[-*]\s*)?(?:\[[ xX]\]\s*)?[✅✓☑❌]?\s*/u, "").trim();
}

function cleanValue(value: string | undefined): string {
  return (value ?? "").replace(/[`*]/g, "").trim().split(/\s+/)[0] ?? "";
}

function readTableEndpoints(
  table: Table,
  endpoints: Endpoint[],
  openEndpoint: (d: EndpointDeclaration, line: number, depth: number) => OpenEndpoint | null,
  closeEndpoint: () => void,
): void {
  for (const row of table.children.slice(1)) {
    const cells = row.children.map((c) => textOf(c as unknown as MdNode));
    let decl: EndpointDeclaration | null = null;
    for (let i = 0; i < cells.length && !decl; i++) {
      decl = readEndpointDeclaration(cells[i] as string);
      if (!decl && cells[i + 1]?.startsWith("/")) decl = readEndpointDeclaration(`${cells[i]} ${cells[i + 1]}`);
    }
    if (!decl) continue;
    if (endpoints.some((e) => e.method === decl.method && e.path === decl.path)) continue;
    const summary = cells.filter((c) => !c.includes(decl.path) && readEndpointDeclaration(`${c} /`) === null).join(" — ");
    openEndpoint({ ...decl, summary: decl.summary || summary }, lineOf(row as unknown as MdNode), 0);
    closeEndpoint();
  }
}

/** ```http blocks: `POST /x HTTP/1.1`, headers, a blank line, a JSON body; or `HTTP/1.1 200 OK` and a body. */
function readHttpBlock(
  code: Code,
  firstLine: number,
  file: string,
  open: OpenEndpoint | null,
  openEndpoint: (d: EndpointDeclaration, line: number, depth: number) => OpenEndpoint | null,
  findings: Finding[],
): void {
  const lines = code.value.split("\n");
  const first = lines[0]?.trim() ?? "";
  const requestLine = /^([A-Z]+)\s+(\/\S*)(?:\s+HTTP\/[\d.]+)?$/.exec(first);
  const bodyStart = lines.findIndex((l) => l.trim() === "");
  const body = bodyStart >= 0 ? lines.slice(bodyStart + 1).join("\n") : "";
  const bodyLine = firstLine + bodyStart + 1;
  if (requestLine) {
    const decl = readEndpointDeclaration(`${requestLine[1]} ${requestLine[2]}`);
    if (!decl) return;
    const target = open && open.endpoint.method === decl.method && open.endpoint.path === decl.path ? open : openEndpoint(decl, firstLine, open?.depth ?? 6);
    readHttpBody(body, bodyLine, file, "request", findings, target);
  } else if (/^HTTP\/[\d.]+\s+\d{3}/.test(first)) {
    readHttpBody(body, bodyLine, file, "response", findings, open);
  }
}

function readHttpBody(body: string, line: number, file: string, role: ExampleRole, findings: Finding[], open: OpenEndpoint | null): void {
  if (!open || !body.trim()) return;
  const block = parseExampleBlock(body, "json", line, file);
  if (!block) return;
  findings.push(...block.findings);
  for (const { example } of block.examples) attachExample(open.endpoint, role, example);
}

function resolveSameAs(refs: Map<Endpoint, { path: string; line: number }>, endpoints: Endpoint[], file: string, findings: Finding[]): void {
  for (const [endpoint, ref] of refs) {
    const source = endpoints.find((e) => e.path === ref.path && e !== endpoint && e.response);
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
}
