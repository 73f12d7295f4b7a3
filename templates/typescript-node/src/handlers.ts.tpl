import { randomUUID } from "node:crypto";
import { contract } from "./contract.js";
import { isReachable } from "./dependencies.js";
import type { Metrics } from "./metrics.js";
import { live, shapeLike } from "./shape.js";
import type { Store } from "./store.js";
import { isJsonObject, type ContractEndpoint, type JsonObject, type JsonValue } from "./types.js";
import { validateRequest } from "./validate.js";

export interface HandlerRequest {
  endpoint: ContractEndpoint;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  store: Store;
  metrics: Metrics;
}

export type HandlerResult =
  | { status: number; json: JsonValue }
  | { status: number; text: string; contentType: string };

const json = (status: number, value: JsonValue): HandlerResult => ({ status, json: value });

function example(endpoint: ContractEndpoint): JsonValue {
  return endpoint.response.kind === "json" ? endpoint.response.value : {};
}

function invalid(endpoint: ContractEndpoint, body: unknown): HandlerResult | null {
  const error = validateRequest(endpoint, body);
  return error ? json(400, { error: "validation_error", field: error.field, detail: error.message }) : null;
}

function notFound(idKey: string, id: string): HandlerResult {
  return json(404, { error: "not_found", detail: `no resource with ${idKey} '${id}'` });
}

/** Answers the documented example, with live values. */
export function respond({ endpoint, params, body }: HandlerRequest): HandlerResult {
  const bad = invalid(endpoint, body);
  if (bad) return bad;
  if (endpoint.response.kind === "text") return { status: 200, text: endpoint.response.text, contentType: endpoint.response.contentType };
  return json(200, live(example(endpoint), params));
}

/** Stores a new resource made of the request and the documented response, under a fresh id. */
export function create({ endpoint, params, body, store }: HandlerRequest): HandlerResult {
  const bad = invalid(endpoint, body);
  if (bad) return bad;
  const idKey = endpoint.resource as string;
  // The answer's id field may be named otherwise than the path parameter that reads it back (`short_code`, `/{code}`).
  const idField = endpoint.idField ?? idKey;
  const documented = example(endpoint);
  // Ids look like the SPEC's: numbers where its example shows a number, UUIDs otherwise.
  const id = isJsonObject(documented) && typeof documented[idField] === "number" ? store.nextNumber(idKey) : randomUUID();
  const now = new Date().toISOString();
  const fields = { ...(isJsonObject(body) ? body : {}), [idField]: id };
  const response = live(documented, { ...params, [idField]: String(id) }) as JsonObject;
  response[idField] = id;
  const record: JsonObject = { ...response, created_at: now, ...fields };
  store.put(idKey, String(id), record);
  return json(200, shapeLike(response, record));
}

/** The stored resource, shaped like the documented response. */
export function read({ endpoint, params, store }: HandlerRequest): HandlerResult {
  const idKey = endpoint.resource as string;
  const id = params[idKey] as string;
  const record = store.get(idKey, id);
  if (!record) return notFound(idKey, id);
  return json(200, shapeLike(live(example(endpoint), params), record));
}

/** An action on a stored resource (approve, cancel…): the record takes on the reported state; DELETE removes it. */
export function action({ endpoint, params, body, store }: HandlerRequest): HandlerResult {
  const bad = invalid(endpoint, body);
  if (bad) return bad;
  const idKey = endpoint.resource as string;
  const id = params[idKey] as string;
  const record = store.get(idKey, id);
  if (!record) return notFound(idKey, id);
  const response = shapeLike(live(example(endpoint), params), record);
  if (endpoint.method === "DELETE") {
    store.remove(idKey, id);
    return json(200, response);
  }
  if (isJsonObject(response)) {
    for (const [k, v] of Object.entries(response)) if (k in record && k !== idKey && k !== endpoint.idField) record[k] = v;
  }
  return json(200, response);
}

/** The stored resources, filtered by query parameters that name their fields. */
export function list({ endpoint, params, query, store }: HandlerRequest): HandlerResult {
  const idKey = endpoint.resource as string;
  const shape = live(example(endpoint), params) as JsonObject;
  const collectionKey = endpoint.collectionKey as string;
  const element = (shape[collectionKey] as JsonValue[])[0] as JsonValue;
  let records = store.all(idKey);
  for (const [k, v] of query) {
    if (k === "limit" || k === "offset") continue;
    records = records.filter((r) => !(k in r) || String(r[k]) === v);
  }
  const offset = Number(query.get("offset") ?? 0) || 0;
  const limit = Number(query.get("limit") ?? records.length) || records.length;
  const page = records.slice(offset, offset + limit);
  const out: JsonObject = { ...shape, [collectionKey]: page.map((r) => shapeLike(element, r)) };
  for (const countKey of ["total", "count"]) if (typeof out[countKey] === "number") out[countKey] = records.length;
  return json(200, out);
}

export function health({ endpoint }: HandlerRequest): HandlerResult {
  const out = live(example(endpoint)) as JsonObject;
  return json(200, { ...out, status: "active", service: contract.service, version: contract.version, timestamp: new Date().toISOString() });
}

export function capabilities({ endpoint }: HandlerRequest): HandlerResult {
  const out = live(example(endpoint)) as JsonObject;
  return json(200, { ...out, version: contract.version });
}

export function state({ endpoint, metrics }: HandlerRequest): HandlerResult {
  const out = live(example(endpoint)) as JsonObject;
  return json(200, {
    ...out,
    uptime_seconds: metrics.uptimeSeconds(),
    requests_total: metrics.requestsTotal,
    errors_last_hour: metrics.errorsLastHour(),
    last_restart: metrics.startedAt.toISOString(),
  });
}

export async function dependencies({ endpoint }: HandlerRequest): Promise<HandlerResult> {
  const shape = isJsonObject(example(endpoint)) ? (example(endpoint) as JsonObject) : {};
  const documented = (group: string): JsonObject[] => (Array.isArray(shape[group]) ? (shape[group] as JsonValue[]).filter(isJsonObject) : []);
  const declared =
    contract.dependencies.length > 0
      ? contract.dependencies
      : [
          ...documented("required").map((d) => ({ name: String(d["name"] ?? "unknown"), required: true, url: typeof d["url"] === "string" ? d["url"] : undefined })),
          ...documented("optional").map((d) => ({ name: String(d["name"] ?? "unknown"), required: false, url: typeof d["url"] === "string" ? d["url"] : undefined })),
        ];
  const checked = await Promise.all(
    declared.map(async (d) => ({ ...d, status: d.url ? ((await isReachable(d.url)) ? "available" : "unavailable") : "unknown" })),
  );
  const item = (group: string, d: (typeof checked)[number]): JsonValue => {
    const template = documented(group)[0] ?? documented("required")[0] ?? { name: "", status: "", url: "" };
    return shapeLike(template, { name: d.name, status: d.status, ...(d.url ? { url: d.url } : {}) });
  };
  const missing = checked.filter((d) => d.required && d.status === "unavailable");
  const missingTemplate = Array.isArray(shape["missing"]) ? (shape["missing"] as JsonValue[])[0] : undefined;
  return json(200, {
    ...shape,
    required: checked.filter((d) => d.required).map((d) => item("required", d)),
    optional: checked.filter((d) => !d.required).map((d) => item("optional", d)),
    missing: missing.map((d) => (isJsonObject(missingTemplate) ? item("required", d) : d.name)),
  });
}

export function message({ endpoint, body }: HandlerRequest): HandlerResult {
  const bad = invalid(endpoint, body);
  if (bad) return bad;
  const out = live(example(endpoint)) as JsonValue;
  return json(200, shapeLike(out, isJsonObject(body) ? { ...body, received: true } : {}));
}
