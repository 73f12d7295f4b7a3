import { isJsonObject, type JsonObject, type JsonValue } from "../core/json.js";
import { inferSchema } from "./infer-schema.js";
import type { ExpectationSource, SourcedSchema } from "./json-schema.js";
import { indexModels, matchModel, schemaOfExample, type ModelIndex } from "./model-schema.js";
import { endpointKey, UDC_ENDPOINTS, type DataModel, type Endpoint, type EndpointMethod, type ServiceSpec } from "./types.js";

/**
 * How a generated service treats an endpoint: `create` stores a new resource,
 * `read`/`action` address one by its id, `list` returns the stored ones,
 * `stream` is a WebSocket, `static` answers its documented example, `udc-*`
 * are the five endpoints every service answers with live values.
 */
export type EndpointRole =
  | "create"
  | "read"
  | "list"
  | "action"
  | "stream"
  | "static"
  | "udc-health"
  | "udc-capabilities"
  | "udc-state"
  | "udc-dependencies"
  | "udc-message";

export interface ContractEndpoint {
  key: string;
  method: EndpointMethod;
  path: string;
  pathParams: string[];
  summary: string;
  /** SPEC line that declares it; 0 for a UDC endpoint the SPEC leaves out. */
  line: number;
  role: EndpointRole;
  /** The path parameter (`build_id`) that addresses the resource this endpoint creates or addresses. */
  resource?: string;
  /**
   * The created object's field holding that id, when it is named otherwise than the path
   * parameter (`short_code` for `/{code}`); absent when the two names are the same.
   */
  idField?: string;
  /** For `list`: the key of the array holding the resources. */
  collectionKey?: string;
  request?: JsonValue;
  requiredFields: string[];
  /** The documented response: JSON, or text with its content type. */
  response: { kind: "json"; value: JsonValue } | { kind: "text"; contentType: string; text: string } | { kind: "none" };
  events: JsonValue[];
  query: Record<string, string>;
  /**
   * What the request body must satisfy: the SPEC's schema (OpenAPI, or a
   * Pydantic model that the example is an instance of), else one inferred
   * from the example (its JSON types, `requiredFields` required).
   */
  requestSchema?: SourcedSchema;
  /** What the response body must satisfy, read the same way (every documented key required). */
  responseSchema?: SourcedSchema;
  /** Whether the response example was written in the SPEC or made by specforge (a UDC standard shape, a sample of an OpenAPI schema). */
  exampleSource: ExpectationSource;
  /** Error statuses the SPEC documents for the endpoint (OpenAPI `responses`): a 404 or 4xx check they back is the SPEC's. */
  documentedErrors?: number[];
}

export interface Contract {
  service: string;
  version: string;
  port?: number;
  endpoints: ContractEndpoint[];
  dependencies: Array<{ name: string; required: boolean; url?: string }>;
}

/** Derives the contract a service for this SPEC must honour. Pure and deterministic. */
export function toContract(spec: ServiceSpec): Contract {
  const models = indexModels(spec.models);
  const documented = dedupe(spec.endpoints).map((e) => toContractEndpoint(e, spec, models));
  // The five UDC endpoints first, in their canonical order, then the SPEC's own in its order.
  const udc = UDC_ENDPOINTS.map(
    (u) => documented.find((e) => e.method === u.method && e.path === u.path) ?? defaultUdcEndpoint(u.method, u.path, spec),
  );
  const endpoints = [...udc, ...documented.filter((e) => !e.role.startsWith("udc"))];
  assignResources(endpoints);
  const contract: Contract = {
    service: spec.name,
    version: spec.version,
    endpoints,
    dependencies: spec.dependencies.map((d) => ({ name: d.name, required: d.required, ...(d.port ? { url: `http://localhost:${d.port}` } : {}) })),
  };
  if (spec.port) contract.port = spec.port;
  return contract;
}

function dedupe(endpoints: Endpoint[]): Endpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => {
    const key = endpointKey(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const UDC_ROLES: Record<string, EndpointRole> = {
  "GET /health": "udc-health",
  "GET /capabilities": "udc-capabilities",
  "GET /state": "udc-state",
  "GET /dependencies": "udc-dependencies",
  "POST /message": "udc-message",
};

function toContractEndpoint(e: Endpoint, spec: ServiceSpec, models: ModelIndex): ContractEndpoint {
  const key = endpointKey(e);
  const udcRole = UDC_ROLES[key];
  const request = e.request?.kind === "json" ? e.request.value : udcRole === "udc-message" ? udcEnvelope(spec) : undefined;
  const requiredFields = request !== undefined && e.request?.kind === "json" ? requiredFieldsOf(request, models, e.requestSchema) : [];
  const response: ContractEndpoint["response"] =
    e.response?.kind === "json"
      ? { kind: "json", value: e.response.value }
      : e.response?.kind === "text"
        ? { kind: "text", contentType: e.response.contentType, text: e.response.text }
        : udcRole
          ? { kind: "json", value: defaultUdcResponse(udcRole, spec) }
          : { kind: "none" };
  return {
    key,
    method: e.method,
    path: e.path,
    pathParams: e.pathParams,
    summary: e.summary,
    line: e.line,
    role: udcRole ?? (e.method === "WS" ? "stream" : "static"),
    ...(request !== undefined ? { request } : {}),
    requiredFields,
    response,
    events: e.events.flatMap((x) => (x.kind === "json" ? [x.value] : [])),
    query: e.query,
    ...schemas(spec.models, { request, requiredFields, response, declared: e }),
    exampleSource: e.response && !e.response.generated ? "spec" : "inferred",
    ...(e.documentedErrors?.length ? { documentedErrors: e.documentedErrors } : {}),
  };
}

/**
 * The request and response schemas: the SPEC's own where it gives one, else
 * read from the example and the models (see `schemaOfExample`).
 */
function schemas(
  models: DataModel[],
  e: { request: JsonValue | undefined; requiredFields: string[]; response: ContractEndpoint["response"]; declared?: Pick<Endpoint, "requestSchema" | "responseSchema"> },
): Pick<ContractEndpoint, "requestSchema" | "responseSchema"> {
  const out: Pick<ContractEndpoint, "requestSchema" | "responseSchema"> = {};
  const read = (example: JsonValue, options: { requireKeys: boolean; required?: string[] }): SourcedSchema => {
    const found = schemaOfExample(example, models, options);
    // A request's required fields come from the model its example is an instance of, when there is one.
    const modelRequires = options.required !== undefined && isJsonObject(example) && matchModel(Object.keys(example), indexModels(models)) >= 0;
    return { schema: found.schema, source: found.fromModel || modelRequires ? "spec" : "inferred" };
  };
  if (e.declared?.requestSchema) out.requestSchema = { schema: e.declared.requestSchema, source: "spec" };
  else if (e.request !== undefined) out.requestSchema = read(e.request, { requireKeys: false, required: e.requiredFields });
  if (e.declared?.responseSchema) out.responseSchema = { schema: e.declared.responseSchema, source: "spec" };
  else if (e.response.kind === "json") out.responseSchema = read(e.response.value, { requireKeys: true });
  return out;
}

function defaultUdcEndpoint(method: "GET" | "POST" | string, path: string, spec: ServiceSpec): ContractEndpoint {
  const key = `${method} ${path}`;
  const role = UDC_ROLES[key] as EndpointRole;
  return {
    key,
    method: method as EndpointMethod,
    path,
    pathParams: [],
    summary: "UDC endpoint (standard shape)",
    line: 0,
    role,
    ...(role === "udc-message" ? { request: udcEnvelope(spec) } : {}),
    requiredFields: [],
    response: { kind: "json", value: defaultUdcResponse(role, spec) },
    events: [],
    query: {},
    ...(role === "udc-message" ? { requestSchema: { schema: inferSchema(udcEnvelope(spec), false), source: "inferred" as const } } : {}),
    responseSchema: { schema: inferSchema(defaultUdcResponse(role, spec), true), source: "inferred" },
    exampleSource: "inferred",
  };
}

const EXAMPLE_TIME = "2025-01-01T00:00:00Z";

function udcEnvelope(spec: ServiceSpec): JsonObject {
  return { trace_id: "uuid", source: "specforge", target: spec.name, message_type: "query", payload: {}, timestamp: EXAMPLE_TIME };
}

function defaultUdcResponse(role: EndpointRole, spec: ServiceSpec): JsonValue {
  switch (role) {
    case "udc-health":
      return { status: "active", service: spec.name, version: spec.version, timestamp: EXAMPLE_TIME };
    case "udc-capabilities":
      return { version: spec.version, features: [], dependencies: spec.dependencies.map((d) => d.name), udc_version: "1.0", metadata: {} };
    case "udc-state":
      return { uptime_seconds: 0, requests_total: 0, errors_last_hour: 0, last_restart: EXAMPLE_TIME };
    case "udc-dependencies":
      return { required: [{ name: "registry", status: "available", url: "http://localhost:8000" }], optional: [], missing: [] };
    default:
      return { received: true, trace_id: "uuid", processed_at: EXAMPLE_TIME, result: "success" };
  }
}

/**
 * Every key of the request example is required, except those a matching data
 * model gives a default or makes Optional (`approval_mode: str = "auto"`), or
 * that the SPEC's request schema (OpenAPI) does not list as required.
 * The matching model is the first with the most fields in common.
 */
function requiredFieldsOf(request: JsonValue, models: ModelIndex, declared: JsonObject | undefined): string[] {
  if (!isJsonObject(request)) return [];
  const keys = Object.keys(request);
  if (declared) {
    const required = Array.isArray(declared["required"]) ? declared["required"] : [];
    return keys.filter((k) => required.includes(k));
  }
  const best = matchModel(keys, models);
  if (best < 0) return keys;
  return keys.filter((k) => !models.get(k)?.find((m) => m.model === best)?.optional);
}

/**
 * Finds, for each path parameter, the POST that creates what it addresses and
 * the GETs that list those. The created object's id field is usually named like
 * the parameter (`build_id` for `{build_id}`); where it is not (`short_code` for
 * `{code}`, `task_id` or `uuid` for `{id}`), `idField` names it.
 */
function assignResources(endpoints: ContractEndpoint[]): void {
  const idKeys = new Set(endpoints.flatMap((e) => e.pathParams));
  for (const idKey of idKeys) {
    const found = findCreator(endpoints, idKey);
    if (!found) continue;
    const { creator, field } = found;
    const idField = field === idKey ? {} : { idField: field };
    Object.assign(creator, { role: "create", resource: idKey, ...idField });
    for (const e of endpoints) {
      if (!e.pathParams.includes(idKey)) continue;
      Object.assign(e, { resource: idKey, ...idField });
      // A GET reads the resource back only when its answer shows the resource (`GET /jobs/{id}/runs` answers something else).
      if (e.role === "static" && e.method !== "GET") e.role = "action";
      if (e.role === "static" && e.method === "GET" && e.response.kind === "json" && isJsonObject(e.response.value) && field in e.response.value) e.role = "read";
    }
    for (const e of endpoints) {
      if (e.method !== "GET" || e.pathParams.length > 0 || e.role !== "static" || e.response.kind !== "json" || !isJsonObject(e.response.value)) continue;
      const collectionKey = Object.keys(e.response.value).find((k) => {
        const value = (e.response as { value: JsonObject }).value[k];
        return Array.isArray(value) && isJsonObject(value[0]) && field in value[0];
      });
      if (collectionKey) Object.assign(e, { role: "list", resource: idKey, collectionKey, ...idField });
    }
  }
}

type Creator = { creator: ContractEndpoint; field: string };

/**
 * The POST whose answer carries the id a path parameter addresses: one whose
 * answer has a key of the parameter's name, else the one POST whose answer has
 * a key named like it (see {@link idNamesMatch}), preferring a POST on the
 * collection the parameter indexes (`POST /tasks` for `/tasks/{id}`). Two
 * equally good candidates are no answer: the contract does not guess.
 */
function findCreator(endpoints: ContractEndpoint[], idKey: string): Creator | null {
  const posts = endpoints.filter((e) => e.method === "POST" && e.pathParams.length === 0 && e.role === "static" && e.response.kind === "json" && isJsonObject(e.response.value));
  const keysOf = (e: ContractEndpoint) => Object.keys((e.response as { value: JsonObject }).value);
  const exact = posts.find((e) => keysOf(e).includes(idKey));
  if (exact) return { creator: exact, field: idKey };

  const collections = new Set(endpoints.flatMap((e) => (e.pathParams.includes(idKey) ? [e.path.slice(0, e.path.indexOf(`{${idKey}`)).replace(/\/$/, "")] : [])));
  const candidates = posts.flatMap((creator) =>
    keysOf(creator)
      .filter((field) => {
        const match = idNamesMatch(field, idKey);
        // `id` for `{question_id}` says little by itself: the POST must be on that collection or name it (`POST /questions`).
        return match === "named" || (match === "generic" && (collections.has(creator.path) || namesStem(creator.path, field, idKey)));
      })
      .map((field) => ({ creator, field })),
  );
  const onCollection = candidates.filter((c) => collections.has(c.creator.path));
  const best = onCollection.length > 0 ? onCollection : candidates;
  return best.length === 1 ? (best[0] as Creator) : null;
}

/**
 * `short_code` or `shortCode` for `{code}` name the same thing ("named"); `task_id`
 * or `uuid` for `{id}`, and `id` for `{task_id}`, are ids in general ("generic").
 */
function idNamesMatch(field: string, param: string): "named" | "generic" | null {
  if (field.endsWith(`_${param}`) || field.endsWith(param.charAt(0).toUpperCase() + param.slice(1))) return "named";
  if (param === "id" && /_id$|[a-z]Id$|^uuid$|^guid$/.test(field)) return "generic";
  if ((field === "id" || field === "uuid") && /_id$|[a-z]Id$/.test(param)) return "generic";
  return null;
}

/** Whether the POST's path names what the id is of: `POST /questions` for `question_id`, `POST /tasks` for `task_id`. */
function namesStem(path: string, field: string, param: string): boolean {
  const stem = (/^(.+?)(?:_id|Id)$/.exec(param === "id" ? field : param)?.[1] ?? "").toLowerCase();
  return stem !== "" && path.toLowerCase().split("/").some((segment) => segment.startsWith(stem));
}
