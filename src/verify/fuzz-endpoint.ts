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

/** Requests in flight at once: the verifier and the service share the machine, and a few at a time keep both busy. */
const IN_FLIGHT = 8;

/**
 * Sends `runs` generated requests to the endpoint (property-based, with
 * fast-check: path values, query strings and bodies shaped by the request
 * schema or anything JSON) and checks that none is answered with a 5xx or
 * left unanswered. The requests are drawn from the seed first, so the same
 * ones go every time, and sent a few at a time; the first failing one (in
 * drawing order) is reported.
 */
export async function fuzzEndpoint(endpoint: ContractEndpoint, probe: FuzzProbe): Promise<EndpointCheck | null> {
  if (endpoint.method === "WS") return null;
  const method = endpoint.method === "ANY" ? "GET" : endpoint.method;
  const sendsBody = method !== "GET" && method !== "HEAD";
  const seed = (probe.seed + hashOf(endpoint.key)) | 0;
  const requests = probe.runs > 0 ? fc.sample(requestArbitrary(endpoint, probe.pathValues, sendsBody), { numRuns: probe.runs, seed }) : [];
  const deadline = Date.now() + probe.timeLimitMs;
  // Written by the workers below; an object, as TypeScript does not follow assignments in callbacks.
  const state: { failure?: { request: string; got: string; index: number }; sent: number; next: number; interrupted: boolean } = { sent: 0, next: 0, interrupted: false };

  // Read through a function: the loop's own check would have TypeScript assume it is still unset.
  const reported = () => state.failure;
  const worker = async () => {
    while (state.next < requests.length && !state.failure) {
      if (Date.now() > deadline) {
        state.interrupted = true;
        return;
      }
      const index = state.next++;
      const request = requests[index] as GeneratedRequest;
      state.sent++;
      const path = fillPath(endpoint, (name) => request.params[name] ?? "", (segment) => segment) + queryString(request.query);
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      const answer = await probe.send({ method, url: probe.baseUrl + path, timeoutMs: probe.timeoutMs, ...(body !== undefined ? { body } : {}) });
      if (!("error" in answer) && answer.status < 500) continue;
      const got = "error" in answer ? answer.error : `${answer.status}${snippet(answer.text)}`;
      // Several in flight may fail: the one drawn first is the one reported.
      const earlier = reported();
      if (!earlier || index + 1 < earlier.index) state.failure = { request: `${method} ${path}${body !== undefined ? ` with ${brief(body)}` : ""}`, got, index: index + 1 };
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, requests.length) }, worker));

  if (state.failure) {
    const { request, got, index } = state.failure;
    return { kind: "fuzz", ok: false, detail: `expected no 5xx and an answer within ${probe.timeoutMs / 1000} s to each generated request, got ${got} for ${request} (request ${index} of ${probe.runs}, seed ${seed})`, source: "inferred" };
  }
  const within = state.interrupted ? ` (stopped after ${probe.timeLimitMs / 1000} s)` : "";
  return { kind: "fuzz", ok: true, detail: `${state.sent} generated requests, none answered 5xx or hung${within} (seed ${seed})`, source: "inferred" };
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
