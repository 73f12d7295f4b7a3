import type { Heading } from "mdast";
import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import { labelFromHeading, labelOfLine, roleFromLabel } from "./example-labels.js";
import { lintSpec } from "./lint-spec.js";
import { lineOf, markdownBlocks, readLabelledValue, sourceLines, textOf, type MdNode } from "./markdown.js";
import { mergeRedeclarations, resolveSameAs } from "./merge-declarations.js";
import { NOTATIONS, type DeclaredEndpoint, type ExampleLabel, type Notation, type NotationContext, type NotationReading } from "./notations/index.js";
import type { LabelledExample } from "./parse-example-block.js";
import { parseModels } from "./parse-models.js";
import { readPathParams, routeMatches, routeShapeOf } from "./read-endpoint-declaration.js";
import { classifyDependencyGroup, classifySection, cleanListText, cleanValue, readDependency, type SectionKind } from "./read-sections.js";
import { checkSpecSize } from "./spec-size-limit.js";
import { toServiceName } from "./to-service-name.js";
import {
  endpointKey,
  UDC_ENDPOINTS,
  type AnalyzeResult,
  type DataModel,
  type Dependency,
  type Endpoint,
  type Example,
  type ListItem,
  type ServiceSpec,
} from "./types.js";

/** The endpoints the examples that follow belong to, until a heading this deep or shallower. */
interface OpenGroup {
  endpoints: Endpoint[];
  depth: number;
  label: ExampleLabel | null;
  sameAs?: { path: string; line: number };
}

/**
 * Parses a SPEC.md into a typed model and lints it. Pure: the caller reads the file.
 * Never throws on bad input; everything it could not read becomes a finding with a line.
 *
 * It walks the top-level blocks of the markdown once. Each block goes to the
 * notations (notations/index.ts), which say what it declares; this function
 * keeps the state between blocks: which endpoints are open, the label of the
 * next example, the section (dependencies, success criteria) it is in.
 */
export function parseSpec(text: string, file: string): AnalyzeResult {
  const tooLarge = checkSpecSize(text, file);
  if (tooLarge) return { spec: emptySpec(file), findings: [tooLarge] };

  const findings: Finding[] = [];

  const endpoints: Endpoint[] = [];
  const notationOf = new Map<Endpoint, string>();
  const sketched = new Set<Example>();
  const models: DataModel[] = [];
  const dependencies: Dependency[] = [];
  const successCriteria: ListItem[] = [];
  const performanceTargets: ListItem[] = [];
  const meta: Record<string, { value: string; line: number }> = {};
  const unreadable = new Set<Endpoint>();
  const sameAsRefs = new Map<Endpoint, { path: string; line: number }>();
  let title = "";
  let purpose = "";
  let heading = { text: "", depth: 0 };

  let open: OpenGroup | null = null;
  let section: { kind: SectionKind; depth: number } = { kind: "other", depth: 0 };
  let dependencyGroup: { required: boolean | null; depth: number } = { required: true, depth: 0 };

  const close = () => {
    const sameAs = open?.sameAs;
    if (sameAs) for (const e of (open as OpenGroup).endpoints) sameAsRefs.set(e, sameAs);
    open = null;
  };

  /** The endpoint a declaration names: a new one, or the open one it repeats (`GET /jobs HTTP/1.1` under `**GET /jobs**`). */
  const declare = ({ declaration, line }: DeclaredEndpoint, notation: Notation): Endpoint | null => {
    const key = endpointKey(declaration);
    const params = readPathParams(declaration.path);
    if (params.error) {
      findings.push({ code: ErrorCode.DocInvalidFormat, severity: "error", message: `${key}: ${params.error}`, file, line, subject: key });
      return null;
    }
    const repeated = (open as OpenGroup | null)?.endpoints.find(
      (e) => e.method === declaration.method && (routeShapeOf(e.path) === routeShapeOf(declaration.path) || routeMatches(e.path, declaration.path)),
    );
    if (repeated) {
      if (params.params.length > 0 && routeShapeOf(repeated.path) === routeShapeOf(declaration.path) && params.params.join() !== repeated.pathParams.join()) {
        findings.push({
          code: ErrorCode.DocInvalidFormat,
          severity: "warning",
          message: `${key} names the path parameters of ${endpointKey(repeated)} (line ${repeated.line}) differently; read as the same endpoint`,
          file,
          line,
          subject: endpointKey(repeated),
        });
      }
      Object.assign(repeated.query, declaration.query);
      return repeated;
    }
    const endpoint: Endpoint = {
      method: declaration.method,
      path: declaration.path,
      pathParams: params.params,
      line,
      summary: declaration.summary,
      isUdc: UDC_ENDPOINTS.some((u) => u.method === declaration.method && u.path === declaration.path),
      events: [],
      query: { ...declaration.query },
    };
    endpoints.push(endpoint);
    notationOf.set(endpoint, notation.describes);
    return endpoint;
  };

  const attach = (endpoint: Endpoint, found: LabelledExample, label: ExampleLabel | null) => {
    const role = found.role === "unlabelled" ? (label ?? "unlabelled") : found.role;
    if (role === "ignored") return;
    const slot = role === "request" ? "request" : endpoint.method === "WS" ? null : "response";
    const current = slot ? endpoint[slot] : undefined;
    if (slot && found.sketch) {
      // A sketch only fills an empty place; a concrete example replaces a sketch.
      if (current) return;
      sketched.add(found.example);
    } else if (slot && current && sketched.has(current)) {
      endpoint[slot] = found.example;
      return;
    }
    attachExample(endpoint, role, found.example);
  };

  const apply = (reading: NotationReading, notation: Notation, depth: number) => {
    const declared: Endpoint[] = [];
    for (const d of reading.declarations) {
      const endpoint = declare(d, notation);
      if (!endpoint) continue;
      if (!declared.includes(endpoint)) declared.push(endpoint);
      for (const example of d.examples) attach(endpoint, example, null);
    }
    if (declared.length > 0) {
      const current = open as OpenGroup | null;
      const alreadyOpen = current !== null && declared.every((e) => current.endpoints.includes(e));
      if (!reading.opens) close();
      else if (!alreadyOpen) {
        close();
        open = { endpoints: declared, depth, label: null };
      }
    }
    const group = open as OpenGroup | null;
    const targets = group?.endpoints ?? [];
    for (const example of reading.examples) for (const e of targets) attach(e, example, group?.label ?? null);
    for (const e of targets) Object.assign(e.query, reading.query);
    if (group && reading.label !== undefined) group.label = reading.label;
    findings.push(...reading.findings);
    if (reading.findings.some((f) => f.code === ErrorCode.DocParseError)) for (const e of [...targets, ...declared]) unreadable.add(e);
  };

  const read = (node: MdNode): { reading: NotationReading; notation: Notation } | null => {
    const group = open as OpenGroup | null;
    const context: NotationContext = { source: text, file, open: group?.endpoints ?? [], heading: heading.text, label: group?.label ?? null };
    for (const notation of NOTATIONS) {
      if (!notation.nodeTypes.includes(node.type)) continue;
      const reading = notation.read(node, context);
      if (reading) return { reading, notation };
    }
    return null;
  };

  for (const node of markdownBlocks(text)) {
    if (node.type === "heading") {
      const h = node as Heading;
      const headingText = textOf(h);
      if (h.depth === 1 && !title) title = headingText;
      if (open && h.depth <= (open as OpenGroup).depth) close();
      heading = { text: headingText, depth: h.depth };
      const found = read(h);
      if (found && found.reading.declarations.length > 0) {
        apply(found.reading, found.notation, h.depth);
        continue;
      }
      if (open) {
        // A sub-heading of an endpoint ("#### Response", "##### 404 Not Found") labels the blocks under it.
        (open as OpenGroup).label = labelFromHeading(headingText);
        continue;
      }
      if (h.depth <= section.depth || section.kind === "other") {
        section = { kind: classifySection(headingText), depth: h.depth };
        dependencyGroup = { required: true, depth: h.depth };
      }
      if (section.kind === "dependencies" && h.depth > section.depth) {
        dependencyGroup = { required: classifyDependencyGroup(headingText), depth: h.depth };
      }
      continue;
    }

    if (node.type === "paragraph") {
      const found = read(node);
      if (found) apply(found.reading, found.notation, heading.depth);
      for (const { text: lineText, line } of sourceLines(text, node)) {
        const labelled = readLabelledValue(lineText);
        if (labelled && !open && !(labelled.label in meta)) meta[labelled.label] = { value: labelled.value, line };
        if (!open) continue;
        const current = open as OpenGroup;
        const role = labelled ? roleFromLabel(labelled.label) : labelOfLine(lineText);
        if (role) current.label = role;
        const sameAs = /\bsame as\s+\x60?(\/[^\s,\x60]*)/i.exec(lineText);
        if (sameAs && role !== "request") current.sameAs = { path: sameAs[1] as string, line };
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
      if ((node.lang ?? "").toLowerCase() === "python") models.push(...parseModels(node.value, lineOf(node) + 1));
      const found = read(node);
      if (!found) continue;
      apply(found.reading, found.notation, heading.depth);
      // A block's label is used up by the block.
      const group = open as OpenGroup | null;
      if (group && found.reading.examples.length > 0) group.label = null;
      continue;
    }

    if (node.type === "list") {
      const found = read(node);
      if (found) {
        apply(found.reading, found.notation, heading.depth);
        continue;
      }
      if (open) continue;
      const items = node.children.map((item) => ({ text: cleanListText(textOf(item)), line: lineOf(item) })).filter((i) => i.text);
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

    if (node.type === "table") {
      const found = read(node);
      if (found) apply(found.reading, found.notation, heading.depth);
    }
  }
  close();
  findings.push(...resolveSameAs(sameAsRefs, endpoints, file));
  const merged = mergeRedeclarations(endpoints, notationOf, unreadable, file);
  findings.push(...merged.findings);

  const spec: ServiceSpec = {
    ...emptySpec(file),
    name: toServiceName(meta["service name"]?.value ?? meta["service"]?.value, title, file),
    title,
    version: cleanValue(meta["version"]?.value) || "0.1.0",
    purpose,
    endpoints: merged.endpoints,
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

/** A SPEC with nothing in it: what a file that could not be read gives. */
export function emptySpec(file: string): ServiceSpec {
  return {
    file,
    name: toServiceName(undefined, "", file),
    title: "",
    version: "0.1.0",
    purpose: "",
    endpoints: [],
    models: [],
    dependencies: [],
    successCriteria: [],
    performanceTargets: [],
  };
}

function attachExample(endpoint: Endpoint, role: "request" | "response" | "unlabelled", example: Example): void {
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
