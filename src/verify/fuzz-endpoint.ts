import fc from "fast-check";
import type { JsonValue } from "../core/json.js";
import type { ContractEndpoint } from "../spec/to-contract.js";
import { fillPath } from "./fill-path.js";
import { schemaArbitrary } from "./schema-arbitrary.js";
import { snippet, type SendRequest } from "./send-request.js";
import type { EndpointCheck } from "./types.js";

export interface FuzzProbe {
  send: SendRequest;
  baseUrl: string;
  /** Path parameter values that address something (ids created by the probes, the SPEC's examples), tried beside generated ones. */
  pathValues: Record<string, string>;
  runs: number;
  seed: number;
  /** How long one request may take before it counts as a hang. */
  timeoutMs: number;
  /** After this long no new request is sent for the endpoint: a slow service bounds the run, not the number of requests. */
  timeLimitMs: number;
}

interface GeneratedRequest {
  /** Path segments as sent (encoded, or malformed on purpose). */
  params: Record<string, string>;
  query: Record<string, string>;
  body: JsonValue | undefined;
}

/** Path segments as sent: most are encoded values, some are malformed `%` escapes a client could send as they are. */
const SEGMENT = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.integer({ min: -1, max: 1_000_000_000 }).map(String), fc.uuid()).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.constantFrom("%", "%zz", "%C0%AF", "%E0%A4%A", "a%2") },
)
  // `.` and `..` are not values but path steps: a client resolves them away.
  .filter((s) => s !== "." && s !== "..");
const QUERY_VALUE = fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String));

/**
 * Sends `runs` generated requests to the endpoint (property-based, with
 * fast-check: path values, query strings and bodies shaped by the request
 * schema or anything JSON) and checks that none is answered with a 5xx or
 * left unanswered. Deterministic for a seed; stops at the first failure.
 */
export async function fuzzEndpoint(endpoint: ContractEndpoint, probe: FuzzProbe): Promise<EndpointCheck | null> {
  if (endpoint.method === "WS") return null;
  const method = endpoint.method === "ANY" ? "GET" : endpoint.method;
  const sendsBody = method !== "GET" && method !== "HEAD";
  const seed = (probe.seed + hashOf(endpoint.key)) | 0;
  let failure: { request: string; got: string; index: number } | undefined;
  let sent = 0;

  const property = fc.asyncProperty(requestArbitrary(endpoint, probe.pathValues, sendsBody), async (request: GeneratedRequest) => {
    sent++;
    const path = fillPath(endpoint, (name) => request.params[name] ?? "", (segment) => segment) + queryString(request.query);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const answer = await probe.send({ method, url: probe.baseUrl + path, timeoutMs: probe.timeoutMs, ...(body !== undefined ? { body } : {}) });
    if (!("error" in answer) && answer.status < 500) return true;
    const got = "error" in answer ? answer.error : `${answer.status}${snippet(answer.text)}`;
    failure = { request: `${method} ${path}${body !== undefined ? ` with ${brief(body)}` : ""}`, got, index: sent };
    return false;
  });
  const details = await fc.check(property, { numRuns: probe.runs, seed, endOnFailure: true, interruptAfterTimeLimit: probe.timeLimitMs, markInterruptAsFailure: false });

  if (failure) {
    const { request, got, index } = failure as { request: string; got: string; index: number };
    return { kind: "fuzz", ok: false, detail: `expected no 5xx and an answer within ${probe.timeoutMs / 1000} s to each generated request, got ${got} for ${request} (request ${index} of ${probe.runs}, seed ${seed})`, source: "inferred" };
  }
  const within = details.interrupted ? ` (stopped after ${probe.timeLimitMs / 1000} s)` : "";
  return { kind: "fuzz", ok: true, detail: `${sent} generated requests, none answered 5xx or hung${within} (seed ${seed})`, source: "inferred" };
}

function requestArbitrary(endpoint: ContractEndpoint, known: Record<string, string>, sendsBody: boolean): fc.Arbitrary<GeneratedRequest> {
  const params: Record<string, fc.Arbitrary<string>> = {};
  for (const name of endpoint.pathParams) {
    const value = known[name];
    params[name] = value === undefined ? SEGMENT : fc.oneof({ arbitrary: fc.constant(encodeURIComponent(value)), weight: 2 }, { arbitrary: SEGMENT, weight: 1 });
  }
  const queryKeys = [...new Set([...Object.keys(endpoint.query), "limit", "offset"])];
  const query = sendsBody ? fc.constant({}) : fc.dictionary(fc.constantFrom(...queryKeys), QUERY_VALUE, { maxKeys: 3 });
  const anything = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>;
  const schema = endpoint.requestSchema?.schema;
  const body: fc.Arbitrary<JsonValue | undefined> = !sendsBody
    ? fc.constant(undefined)
    : schema
      ? fc.oneof({ arbitrary: schemaArbitrary(schema), weight: 3 }, { arbitrary: anything, weight: 1 })
      : fc.option(anything, { nil: undefined });
  return fc.record({ params: fc.record(params), query, body }) as fc.Arbitrary<GeneratedRequest>;
}

function queryString(query: Record<string, string>): string {
  const text = new URLSearchParams(query).toString();
  return text ? `?${text}` : "";
}

function brief(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** A small stable hash: each endpoint gets requests of its own from the one seed. */
function hashOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
