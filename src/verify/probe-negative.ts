import { isJsonObject, type JsonObject } from "../core/json.js";
import type { ContractEndpoint } from "../spec/to-contract.js";
import { snippet, type SendRequest } from "./send-request.js";
import type { EndpointCheck } from "./types.js";

export interface NegativeProbe {
  send: SendRequest;
  baseUrl: string;
  /** The endpoint's concrete path, with these path parameters replaced. */
  pathWith(overrides: Record<string, string>): string;
  /** The id the endpoint's resource was created with, when one was. */
  knownId: string | undefined;
  timeoutMs: number;
}

/** An id no service has handed out: numeric where the service's ids are numbers, a UUID otherwise (so a format check lets it through to the lookup). */
export function unknownIdLike(knownId: string | undefined): string {
  return knownId !== undefined && /^\d+$/.test(knownId) ? "987654321" : "00000000-0000-4000-8000-000000000000";
}

/**
 * An endpoint that addresses a resource by id answers 404 for an id nothing
 * created. The request is otherwise valid (its documented body), so only the
 * id can be the reason.
 */
export async function checkNotFound(endpoint: ContractEndpoint, probe: NegativeProbe): Promise<EndpointCheck | null> {
  const resource = endpoint.resource;
  if (!resource || !endpoint.pathParams.includes(resource) || endpoint.method === "WS" || (endpoint.role !== "read" && endpoint.role !== "action")) return null;
  const path = probe.pathWith({ [resource]: unknownIdLike(probe.knownId) });
  const method = endpoint.method === "ANY" ? "GET" : endpoint.method;
  const body = method !== "GET" && method !== "HEAD" && endpoint.request !== undefined ? JSON.stringify(endpoint.request) : undefined;
  const answer = await probe.send({ method, url: probe.baseUrl + path, timeoutMs: probe.timeoutMs, ...(body !== undefined ? { body } : {}) });
  const source = endpoint.documentedErrors?.includes(404) ? "spec" : "inferred";
  const got = "error" in answer ? answer.error : `${answer.status}${answer.status === 404 ? "" : snippet(answer.text)}`;
  const ok = !("error" in answer) && answer.status === 404;
  return { kind: "not-found", ok, detail: ok ? `404 for an unknown ${resource}` : `expected 404 for an unknown ${resource} (${method} ${path}), got ${got}`, source };
}

/**
 * An endpoint that takes a JSON object answers 4xx, not 2xx or 5xx, to a body
 * that is not JSON, and to one without a field the SPEC requires (an OpenAPI
 * `required`, a Pydantic field without a default). A field only inferred as
 * required (every key of an example) is no reason to refuse a body: a
 * service may well do without it.
 */
export async function checkInvalidBody(endpoint: ContractEndpoint, probe: NegativeProbe): Promise<EndpointCheck | null> {
  const method = endpoint.method;
  if (method === "GET" || method === "HEAD" || method === "WS" || method === "ANY" || !isJsonObject(endpoint.request)) return null;
  const cases: Array<{ what: string; body: string }> = [{ what: "malformed JSON", body: '{"' }];
  const required = endpoint.requestSchema?.source === "spec" ? endpoint.requestSchema.schema["required"] : undefined;
  const dropped = Array.isArray(required) ? required.find((k): k is string => typeof k === "string" && k in (endpoint.request as JsonObject)) : undefined;
  if (dropped !== undefined) {
    const rest = { ...endpoint.request };
    delete rest[dropped];
    cases.push({ what: `a body without "${dropped}"`, body: JSON.stringify(rest) });
  }
  // The SPEC's when it documents a 400 or 422, or requires the field left out.
  const source = endpoint.documentedErrors?.some((s) => s === 400 || s === 422) || dropped !== undefined ? "spec" : "inferred";
  const url = probe.baseUrl + probe.pathWith({});
  const seen: string[] = [];
  for (const c of cases) {
    const answer = await probe.send({ method, url, body: c.body, timeoutMs: probe.timeoutMs });
    if ("error" in answer || answer.status < 400 || answer.status > 499) {
      const got = "error" in answer ? answer.error : `${answer.status}${snippet(answer.text)}`;
      return { kind: "invalid-body", ok: false, detail: `expected a 4xx answer to ${c.what}, got ${got}`, source };
    }
    seen.push(`${c.what} → ${answer.status}`);
  }
  return { kind: "invalid-body", ok: true, detail: seen.join("; "), source };
}
