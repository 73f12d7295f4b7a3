import { isJsonObject, type JsonObject, type JsonValue } from "../core/json.js";
import type { JsonSchema, SourcedSchema } from "./json-schema.js";
import type { Contract, ContractEndpoint } from "./to-contract.js";
import type { ServiceSpec } from "./types.js";

/** What the contract does not hold but the document's `info` shows: the SPEC's title and purpose. */
export interface OpenApiInfo {
  title?: string;
  description?: string;
}

const ERROR_SCHEMA: JsonSchema = { type: "object", required: ["error"], properties: { error: { type: "string" }, field: { type: "string" }, detail: { type: "string" } } };
const ANY_METHODS = ["get", "post", "put", "patch", "delete"];

/**
 * The contract as an OpenAPI 3.1 document that other tools load as it is
 * (mock servers, Swagger UI, contract testers): every HTTP endpoint with its
 * parameters, request and response schemas and examples, the 400 a service
 * answers to an invalid body and the 404 to an unknown id. WebSocket
 * endpoints, which OpenAPI cannot describe, are listed under
 * `x-specforge-websockets`. Pure and deterministic.
 */
export function toOpenApi(contract: Contract, info: OpenApiInfo = {}): JsonObject {
  const components = new ComponentSchemas();
  const paths: JsonObject = {};
  const websockets: JsonValue[] = [];
  const usedIds = new Set<string>();
  for (const endpoint of contract.endpoints) {
    const template = endpoint.path.replace(/\{(\w+):path\}/g, "{$1}");
    if (endpoint.method === "WS") {
      websockets.push({ path: template, ...(endpoint.summary ? { summary: endpoint.summary } : {}), events: endpoint.events });
      continue;
    }
    const item = (paths[template] ??= {}) as JsonObject;
    for (const method of endpoint.method === "ANY" ? ANY_METHODS : [endpoint.method.toLowerCase()]) {
      item[method] = operation(endpoint, method, components, usedIds);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: info.title || contract.service,
      version: contract.version,
      ...(info.description ? { description: info.description } : {}),
    },
    paths,
    ...(components.size() > 0 ? { components: { schemas: components.all() } } : {}),
    ...(websockets.length > 0 ? { "x-specforge-websockets": websockets } : {}),
  };
}

/** The document as the file `openapi.json` holds it (in a generated service, from `specforge contract`): its title and purpose from the SPEC. */
export function toOpenApiText(contract: Contract, spec: Pick<ServiceSpec, "title" | "purpose">): string {
  const description = spec.purpose.replace(/\s+/g, " ").trim();
  return JSON.stringify(toOpenApi(contract, { title: spec.title.trim(), description }), null, 2) + "\n";
}

function operation(e: ContractEndpoint, method: string, components: ComponentSchemas, usedIds: Set<string>): JsonObject {
  const parameters: JsonValue[] = [
    ...e.pathParams.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
    ...Object.entries(e.query).map(([name, value]) => ({ name, in: "query", required: false, schema: { type: "string" }, ...(value ? { example: value } : {}) })),
  ];
  const sendsBody = e.request !== undefined && method !== "get" && method !== "head";
  const responses: JsonObject = { "200": success(e, components) };
  if (sendsBody && isJsonObject(e.request)) responses["400"] = components.errorResponse("The request body is not valid JSON or lacks a required field");
  if (e.resource && e.pathParams.includes(e.resource)) responses["404"] = components.errorResponse(`No resource with that ${e.resource}`);
  return {
    operationId: uniqueId(`${method}${e.path}`, usedIds),
    ...(e.summary ? { summary: e.summary } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(sendsBody ? { requestBody: { required: e.requiredFields.length > 0, content: { "application/json": media(e.request as JsonValue, e.requestSchema, components) } } } : {}),
    responses,
    ...(e.line > 0 ? { "x-specforge-line": e.line } : {}),
  };
}

function success(e: ContractEndpoint, components: ComponentSchemas): JsonObject {
  const description = e.summary || "Success";
  const response = e.response;
  if (response.kind === "json") return { description, content: { "application/json": media(response.value, e.responseSchema, components) } };
  if (response.kind === "text") return { description, content: { [response.contentType]: { schema: { type: "string" }, example: response.text } } };
  return { description };
}

function media(example: JsonValue, schema: SourcedSchema | undefined, components: ComponentSchemas): JsonObject {
  return {
    ...(schema ? { schema: components.embed(schema.schema), "x-specforge-source": schema.source } : {}),
    example,
  };
}

/** An operationId from the method and path (`post-builds-build_id-approve`), made unique. */
function uniqueId(raw: string, used: Set<string>): string {
  const base = raw.replace(/[{}]/g, "").replace(/[^A-Za-z0-9_]+/g, "-").replace(/-+$/, "") || "operation";
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/**
 * A contract schema's `$defs` (the components of an OpenAPI SPEC, recursive
 * ones among them) go to `components/schemas`: inside an OpenAPI document,
 * `#/$defs/X` would point at the document's root, not at the schema's.
 */
class ComponentSchemas {
  private readonly schemas: JsonObject = {};
  /** Each placed definition as the contract had it, to tell a repeat from a different one of the same name. */
  private readonly placed = new Map<string, string>();

  /** The error answer every generated service gives (`{ error, field?, detail }`), its schema a component. */
  errorResponse(description: string): JsonObject {
    this.schemas["Error"] = ERROR_SCHEMA;
    return { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  }

  embed(schema: JsonSchema): JsonSchema {
    const defs = isJsonObject(schema["$defs"]) ? schema["$defs"] : {};
    const names = new Map<string, string>();
    for (const [name, def] of Object.entries(defs)) names.set(name, this.place(name, def));
    const rest = { ...schema };
    delete rest["$defs"];
    for (const [name, def] of Object.entries(defs)) this.schemas[names.get(name) as string] = rewriteRefs(def, names) as JsonValue;
    return rewriteRefs(rest, names) as JsonSchema;
  }

  size(): number {
    return Object.keys(this.schemas).length;
  }

  all(): JsonObject {
    return this.schemas;
  }

  /** The component name for a definition: its own, unless a different definition already has it (or it is `Error`). */
  private place(name: string, def: JsonValue): string {
    const safe = name.replace(/[^A-Za-z0-9._-]/g, "_") || "Schema";
    const text = JSON.stringify(def);
    let candidate = safe === "Error" ? "Error_2" : safe;
    for (let n = 2; this.placed.has(candidate) && this.placed.get(candidate) !== text; n++) candidate = `${safe}_${n}`;
    this.placed.set(candidate, text);
    return candidate;
  }
}

function rewriteRefs(value: JsonValue, names: Map<string, string>): JsonValue {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, names));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")) {
      const name = v.slice("#/$defs/".length).replace(/~1/g, "/").replace(/~0/g, "~");
      out[key] = `#/components/schemas/${names.get(name) ?? name}`;
    } else out[key] = rewriteRefs(v, names);
  }
  return out;
}
