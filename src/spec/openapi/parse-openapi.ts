import { dereference, validate } from "@readme/openapi-parser";
import { sample } from "openapi-sampler";
import { ErrorCode } from "../../core/error-codes.js";
import type { Finding } from "../../core/findings.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../../core/json.js";
import { createSchemaCompiler } from "../../core/schema-validator.js";
import type { JsonSchema } from "../json-schema.js";
import { lintSpec } from "../lint-spec.js";
import { emptySpec } from "../parse-spec.js";
import { readPathParams } from "../read-endpoint-declaration.js";
import { checkSpecSize } from "../spec-size-limit.js";
import { toServiceName } from "../to-service-name.js";
import { HTTP_METHODS, UDC_ENDPOINTS, type AnalyzeResult, type Endpoint, type Example, type HttpMethod, type ServiceSpec } from "../types.js";
import { parseSource, pathAtRenderedLine, type DocumentPath, type ParsedSource } from "./source-map.js";
import { toJsonSchema, type SchemaContext } from "./to-json-schema.js";

/**
 * Reads an OpenAPI 3.0 or 3.1 document (YAML or JSON) into the same model a
 * markdown SPEC gives: one endpoint per operation, at the line of its method
 * key; the request body and the first 2xx response as examples (the
 * document's own, else sampled from the schema and marked generated); their
 * schemas as JSON Schema 2020-12. The document is validated by
 * `@readme/openapi-parser`; `$ref`s are resolved inside the document only:
 * nothing is fetched or read from disk, since the document is untrusted.
 */
export async function parseOpenApi(text: string, file: string): Promise<AnalyzeResult> {
  const empty = emptySpec(file);
  const tooLarge = checkSpecSize(text, file);
  if (tooLarge) return { spec: empty, findings: [tooLarge] };
  const error = (message: string, line = 1): Finding => ({ code: ErrorCode.DocParseError, severity: "error", message, file, line });

  const source = parseSource(text);
  if (source.errors.length > 0) return { spec: empty, findings: source.errors.map((e) => error(`not valid YAML or JSON: ${e.message}`, e.line)) };
  const raw = source.value;
  if (!isJsonObject(raw) || (typeof raw["openapi"] !== "string" && typeof raw["swagger"] !== "string")) {
    return { spec: empty, findings: [error("not an OpenAPI document: it has no `openapi` field")] };
  }
  const version = String(raw["openapi"] ?? raw["swagger"]);
  if (!/^3\.[01]\.\d+$/.test(version)) {
    return { spec: empty, findings: [error(`OpenAPI ${version} is not read: write the document as OpenAPI 3.0 or 3.1`, source.lineOf(["openapi"]) ?? source.lineOf(["swagger"]) ?? 1)] };
  }

  // Only references inside the document: an external one is neither fetched nor read from disk.
  const options = { resolve: { external: false, file: false }, dereference: { circular: "ignore" as const } };
  const checked = await validate(structuredClone(raw) as never, options);
  if (!checked.valid) return { spec: empty, findings: checked.errors.map((e) => error(`invalid OpenAPI document: ${firstLine(e.message)}`, locate(e.message, raw, source))) };
  const document = (await dereference(structuredClone(raw) as never, options)) as unknown as JsonObject;

  const findings: Finding[] = [];
  const info = isJsonObject(document["info"]) ? document["info"] : {};
  const title = typeof info["title"] === "string" ? info["title"] : "";
  const spec: ServiceSpec = {
    ...empty,
    name: toServiceName(typeof info["x-service-name"] === "string" ? info["x-service-name"] : undefined, title, file),
    title,
    version: typeof info["version"] === "string" && info["version"] ? info["version"] : "0.1.0",
    purpose: typeof info["description"] === "string" ? (info["description"].split(/\n\s*\n/)[0] ?? "").trim() : "",
  };
  const reader = new OperationReader({ document, source, file, openapi30: version.startsWith("3.0"), findings });
  const paths = isJsonObject(document["paths"]) ? document["paths"] : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isJsonObject(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      const method = key.toUpperCase() as HttpMethod;
      if (!HTTP_METHODS.includes(method) || !isJsonObject(operation)) continue;
      const endpoint = reader.read(path, method, operation, item);
      if (endpoint) spec.endpoints.push(endpoint);
    }
  }
  if (spec.endpoints.length === 0 && !findings.some((f) => f.severity === "error")) {
    findings.push({ code: ErrorCode.DocInvalidFormat, severity: "error", message: "no operations found: the document's `paths` declare no GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS", file, line: source.lineOf(["paths"]) ?? 1 });
    return { spec, findings };
  }
  findings.push(...lintSpec(spec, { hasServiceName: true, hasVersion: true }));
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { spec, findings };
}

interface ReaderContext {
  document: JsonObject;
  source: ParsedSource;
  file: string;
  openapi30: boolean;
  findings: Finding[];
}

/** Turns one operation into an endpoint; what it cannot use becomes a finding at the operation's line. */
class OperationReader {
  private readonly compile = createSchemaCompiler();
  private readonly schemaContext: SchemaContext;

  constructor(private readonly ctx: ReaderContext) {
    this.schemaContext = {
      openapi30: ctx.openapi30,
      document: ctx.document,
      onExternalRef: (ref) => this.warn(`the $ref "${ref}" points outside the document: it is not fetched, and that schema accepts anything`, 1),
    };
  }

  read(path: string, method: HttpMethod, operation: JsonObject, item: JsonObject): Endpoint | null {
    const at: DocumentPath = ["paths", path, method.toLowerCase()];
    const line = this.ctx.source.lineOf(at) ?? this.ctx.source.lineOf(["paths", path]) ?? 1;
    const key = `${method} ${path}`;
    const params = readPathParams(path);
    if (params.error) {
      this.ctx.findings.push({ code: ErrorCode.DocInvalidFormat, severity: "error", message: `${key}: ${params.error}`, file: this.ctx.file, line, subject: key });
      return null;
    }
    const endpoint: Endpoint = {
      method,
      path,
      pathParams: params.params,
      line,
      summary: summaryOf(operation),
      isUdc: UDC_ENDPOINTS.some((u) => u.method === method && u.path === path),
      events: [],
      query: this.requiredQuery([...listOf(item["parameters"]), ...listOf(operation["parameters"])]),
    };
    const body = isJsonObject(operation["requestBody"]) ? operation["requestBody"] : undefined;
    const request = body ? this.media(body["content"], [...at, "requestBody", "content"], "request", key, line) : undefined;
    if (request?.example) endpoint.request = request.example;
    if (request?.schema) endpoint.requestSchema = request.schema;

    const responses = isJsonObject(operation["responses"]) ? operation["responses"] : {};
    const success = Object.keys(responses)
      .filter((s) => /^2(\d\d|XX)$/i.test(s))
      .sort()[0];
    const answer = success !== undefined && isJsonObject(responses[success]) ? (responses[success] as JsonObject) : undefined;
    const response = answer ? this.media(answer["content"], [...at, "responses", success as string, "content"], "response", key, line) : undefined;
    if (response?.example) endpoint.response = response.example;
    if (response?.schema) endpoint.responseSchema = response.schema;
    const errors = Object.keys(responses).flatMap((s) => (/^4\d\d$/.test(s) ? [Number(s)] : /^4XX$/i.test(s) ? [400] : []));
    if (errors.length > 0) endpoint.documentedErrors = [...new Set(errors)].sort((a, b) => a - b);

    // An operation with neither an example nor a schema for its response is lintSpec's E1003 warning.
    return endpoint;
  }

  /** The example and schema of a request body or response: its JSON media type, else a text one. */
  private media(content: JsonValue | undefined, at: DocumentPath, role: "request" | "response", key: string, line: number): { example?: Example; schema?: JsonSchema } | undefined {
    if (!isJsonObject(content)) return undefined;
    const types = Object.keys(content);
    const json = types.find((t) => /^application\/(?:[\w.+-]+\+)?json\b/i.test(t) || t === "*/*");
    const chosen = json ?? types.find((t) => /^text\//i.test(t));
    if (chosen === undefined || !isJsonObject(content[chosen])) return undefined;
    const media = content[chosen] as JsonObject;
    const exampleLine = this.ctx.source.lineOf([...at, chosen, "example"]) ?? this.ctx.source.lineOf([...at, chosen, "examples"]) ?? this.ctx.source.lineOf([...at, chosen]) ?? line;
    const written = writtenExample(media);
    const rawSchema = media["schema"];
    const schema = isJsonObject(rawSchema) || typeof rawSchema === "boolean" ? this.schemaOf(rawSchema, key, role, exampleLine) : undefined;
    if (json === undefined) {
      const text = typeof written === "string" ? written : "";
      return { example: { kind: "text", contentType: chosen.toLowerCase(), text, line: exampleLine, ...(typeof written === "string" ? {} : { generated: true }) } };
    }
    if (written !== undefined) return { example: { kind: "json", value: written, line: exampleLine }, ...(schema ? { schema } : {}) };
    if (!schema) return undefined;
    const sampled = this.sample(rawSchema as JsonObject, role);
    return { ...(sampled !== undefined ? { example: { kind: "json" as const, value: sampled, line: exampleLine, generated: true } } : {}), schema };
  }

  /** The schema as JSON Schema 2020-12, if ajv can compile it; otherwise an error at its line. */
  private schemaOf(raw: JsonObject | boolean, key: string, role: string, line: number): JsonSchema | undefined {
    const schema = toJsonSchema(raw, this.schemaContext);
    try {
      this.compile(schema);
      return schema;
    } catch (error) {
      this.ctx.findings.push({ code: ErrorCode.DocParseError, severity: "error", message: `${key}: the ${role} schema is not a valid JSON Schema: ${firstLine((error as Error).message)}`, file: this.ctx.file, line, subject: key });
      return undefined;
    }
  }

  /** An example made from the schema (its examples, defaults, first enum values, formats), with what the other side never sends left out. */
  private sample(schema: JsonObject, role: "request" | "response"): JsonValue | undefined {
    try {
      const value = sample(schema as never, { skipReadOnly: role === "request", skipWriteOnly: role === "response", quiet: true }, this.ctx.document);
      return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as JsonValue);
    } catch {
      return undefined;
    }
  }

  /** Required query parameters, with the value the document shows (or a sample), so that a probe can send them. */
  private requiredQuery(parameters: JsonValue[]): Record<string, string> {
    const query: Record<string, string> = {};
    for (const p of parameters) {
      if (!isJsonObject(p) || p["in"] !== "query" || p["required"] !== true || typeof p["name"] !== "string") continue;
      const shown = writtenExample(p) ?? (isJsonObject(p["schema"]) ? this.sample(p["schema"], "request") : undefined);
      query[p["name"]] = shown === undefined || shown === null ? "" : typeof shown === "object" ? JSON.stringify(shown) : String(shown);
    }
    return query;
  }

  private warn(message: string, line: number): void {
    this.ctx.findings.push({ code: ErrorCode.DocIncomplete, severity: "warning", message, file: this.ctx.file, line });
  }
}

/** An example written in the document: `example`, the first of `examples`, or the schema's own. */
function writtenExample(holder: JsonObject): JsonValue | undefined {
  if (holder["example"] !== undefined) return holder["example"];
  const examples = holder["examples"];
  if (isJsonObject(examples)) {
    const first = Object.values(examples).find((e) => isJsonObject(e) && e["value"] !== undefined);
    if (isJsonObject(first)) return first["value"];
  }
  const schema = holder["schema"];
  if (isJsonObject(schema)) {
    if (schema["example"] !== undefined) return schema["example"];
    if (Array.isArray(schema["examples"]) && schema["examples"].length > 0) return schema["examples"][0];
  }
  return undefined;
}

function summaryOf(operation: JsonObject): string {
  for (const key of ["summary", "operationId", "description"]) {
    const value = operation[key];
    if (typeof value === "string" && value.trim()) return (value.trim().split("\n")[0] as string).trim();
  }
  return "";
}

function listOf(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function firstLine(message: string): string {
  return (message.split("\n")[0] as string).trim();
}

/**
 * The source line an OpenAPI parser message is about: the operation it names
 * (`/paths/items/{id}/get`), or the line its code frame points at (a frame of
 * the document rendered as JSON), else the first line.
 */
function locate(message: string, raw: JsonObject, source: ParsedSource): number {
  const named = /`\/paths(\/.*)\/(get|put|post|delete|options|head|patch|trace)`/.exec(message);
  if (named) return source.lineOf(["paths", named[1] as string, named[2] as string]) ?? 1;
  const framed = /^>\s*(\d+)\s*\|/m.exec(message);
  if (framed) {
    const path = pathAtRenderedLine(raw, Number(framed[1]));
    if (path) return source.lineOf(path) ?? 1;
  }
  return 1;
}
