import WebSocket from "ws";
import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import { isJsonObject, type JsonValue } from "../core/json.js";
import type { ExpectationSource } from "../spec/json-schema.js";
import type { Contract, ContractEndpoint } from "../spec/to-contract.js";
import { createSchemaChecker } from "./check-schema.js";
import { compareShape, describeMismatch } from "./compare-shape.js";
import { fillPath } from "./fill-path.js";
import { fuzzEndpoint } from "./fuzz-endpoint.js";
import { checkInvalidBody, checkNotFound } from "./probe-negative.js";
import { samplePathValue } from "./sample-path-value.js";
import { createHttpClient, snippet, type SendRequest } from "./send-request.js";
import { DEFAULT_VERIFY_CHECKS, type EndpointCheck, type EndpointResult, type VerifyChecks } from "./types.js";

export interface ProbeOptions {
  contract: Contract;
  baseUrl: string;
  specFile: string;
  requestTimeoutMs?: number;
  /** The checks beyond status and shape; all of them, 50 generated requests an endpoint, by default. */
  checks?: Partial<VerifyChecks>;
  onProbe?: (endpoint: ContractEndpoint, result: EndpointResult) => void;
}

/** The main probe of an endpoint: its documented request, and what came back. */
interface Outcome {
  ok: boolean;
  detail: string;
  code?: Finding["code"];
  status?: number;
  body?: unknown;
  /** The status and shape checks it made; none when the endpoint could not be probed. */
  checks: EndpointCheck[];
}

const ORDER: Record<string, number> = { create: 1, static: 2, read: 3, list: 4, action: 6, stream: 7 };
/** A generated-request run for one endpoint stops sending after this long. */
const FUZZ_TIME_LIMIT_MS = 20_000;

/** The order probes run in: UDC first, creators before what reads their ids, deletions last. */
export function planProbes(contract: Contract): ContractEndpoint[] {
  const rank = (e: ContractEndpoint) =>
    e.role.startsWith("udc") ? 0 : e.method === "DELETE" ? 8 : e.role === "static" && e.method !== "GET" ? 5 : (ORDER[e.role] ?? 5);
  return contract.endpoints.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i).map(({ e }) => e);
}

/**
 * Calls every endpoint of the contract on a running service and compares what
 * comes back with the documented example (status and shape: the baseline),
 * then, as `checks` says, with its JSON Schema, with an unknown id and an
 * invalid body, and with generated requests. Generated requests go last, once
 * every endpoint has answered its documented request, since they change what
 * the service stores. Results come back in contract order; each failed check
 * is a finding at the endpoint's SPEC line.
 */
export async function probeEndpoints(options: ProbeOptions): Promise<{ endpoints: EndpointResult[]; findings: Finding[] }> {
  const checks = { ...DEFAULT_VERIFY_CHECKS, ...options.checks };
  const timeoutMs = options.requestTimeoutMs ?? 5_000;
  const checkSchema = checks.schema ? createSchemaChecker() : null;
  const http = createHttpClient();
  try {
    return await probeAll(options, checks, timeoutMs, checkSchema, http.send);
  } finally {
    http.close();
  }
}

async function probeAll(
  options: ProbeOptions,
  checks: VerifyChecks,
  timeoutMs: number,
  checkSchema: ReturnType<typeof createSchemaChecker> | null,
  send: SendRequest,
): Promise<{ endpoints: EndpointResult[]; findings: Finding[] }> {
  const { contract } = options;
  const ids = new Map<string, string>();
  const probed = new Map<ContractEndpoint, Outcome>();
  const plan = planProbes(contract);
  const valueOf = (param: string) => ids.get(param) ?? samplePathValue(contract, param);

  const creators = new Map(contract.endpoints.filter((e) => e.role === "create").map((e) => [e.resource, e]));
  for (const endpoint of plan) {
    const path = fillPath(endpoint, valueOf);
    const creator = endpoint.role !== "create" && endpoint.resource ? creators.get(endpoint.resource) : undefined;
    const outcome: Outcome =
      creator && endpoint.resource && !ids.has(endpoint.resource)
        ? { ok: false, detail: `not probed: no ${endpoint.resource} to address, because ${creator.key} did not return a usable one`, checks: [] }
        : endpoint.method === "WS"
          ? await probeStream(options.baseUrl, path, endpoint)
          : await probeHttp(send, options.baseUrl, path, endpoint, timeoutMs);
    if (outcome.ok && endpoint.role === "create" && endpoint.resource && isJsonObject(outcome.body)) {
      const id = outcome.body[endpoint.idField ?? endpoint.resource];
      if (typeof id === "string" || typeof id === "number") ids.set(endpoint.resource, String(id));
    }
    probed.set(endpoint, outcome);
    if (outcome.checks.length === 0) continue;
    // The schema goes beyond the shape: checked where the shape holds, so one mistake is one finding.
    if (checkSchema && outcome.ok && outcome.body !== undefined && endpoint.responseSchema) outcome.checks.push(checkSchema(endpoint.responseSchema, outcome.body));
    if (checks.negative) {
      const negative = { send, baseUrl: options.baseUrl, pathWith: (o: Record<string, string>) => fillPath(endpoint, (p) => o[p] ?? valueOf(p)), knownId: endpoint.resource ? ids.get(endpoint.resource) : undefined, timeoutMs };
      for (const check of [await checkNotFound(endpoint, negative), await checkInvalidBody(endpoint, negative)]) if (check) outcome.checks.push(check);
    }
  }
  if (checks.fuzzRuns > 0) {
    const pathValues = Object.fromEntries(contract.endpoints.flatMap((e) => e.pathParams).map((p) => [p, valueOf(p)]));
    for (const endpoint of plan) {
      const outcome = probed.get(endpoint) as Outcome;
      if (outcome.checks.length === 0) continue;
      const check = await fuzzEndpoint(endpoint, { send, baseUrl: options.baseUrl, pathValues, runs: checks.fuzzRuns, seed: checks.fuzzSeed, timeoutMs: checks.fuzzTimeoutMs, timeLimitMs: FUZZ_TIME_LIMIT_MS });
      if (check) outcome.checks.push(check);
    }
  }

  const results = new Map<ContractEndpoint, EndpointResult>();
  const findings: Finding[] = [];
  for (const endpoint of plan) {
    const outcome = probed.get(endpoint) as Outcome;
    const deeper = outcome.checks.filter((c) => !c.ok && c.kind !== "status" && c.kind !== "shape");
    const result: EndpointResult = {
      method: endpoint.method,
      path: endpoint.path,
      verified: outcome.ok && deeper.length === 0,
      detail: outcome.ok ? (deeper[0]?.detail ?? outcome.detail) : outcome.detail,
      line: endpoint.line,
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      checks: outcome.checks,
    };
    results.set(endpoint, result);
    options.onProbe?.(endpoint, result);
    const at = { file: options.specFile, ...(endpoint.line ? { line: endpoint.line } : {}), subject: endpoint.key };
    if (!outcome.ok) findings.push({ code: outcome.code ?? ErrorCode.VerifyContractMismatch, severity: "error", message: `${endpoint.key}: ${outcome.detail}`, ...at });
    for (const check of deeper) findings.push({ code: ErrorCode.VerifyContractMismatch, severity: "error", message: `${endpoint.key}: ${check.kind} check: ${check.detail}`, ...at });
  }
  return { endpoints: contract.endpoints.map((e) => results.get(e) as EndpointResult), findings };
}

async function probeHttp(send: SendRequest, baseUrl: string, path: string, endpoint: ContractEndpoint, timeoutMs: number): Promise<Outcome> {
  const method = endpoint.method === "ANY" ? "GET" : endpoint.method;
  const sendsBody = method !== "GET" && method !== "HEAD" && endpoint.request !== undefined;
  const statusSource: ExpectationSource = endpoint.line > 0 ? "spec" : "inferred";
  const answer = await send({ method, url: baseUrl + path, timeoutMs, ...(sendsBody ? { body: JSON.stringify(endpoint.request) } : {}) });
  const fail = (check: "status" | "shape", detail: string, rest: Partial<Outcome> = {}): Outcome => ({
    ok: false,
    detail,
    ...rest,
    checks: [...(check === "shape" ? [{ kind: "status" as const, ok: true, detail: String(rest.status), source: statusSource }] : []), { kind: check, ok: false, detail, source: check === "status" ? statusSource : endpoint.exampleSource }],
  });
  if ("error" in answer) return fail("status", `expected an answer to ${method} ${path}, got ${answer.error}`, { code: ErrorCode.VerifyEndpointMissing });
  const { status, text, contentType } = answer;
  if (status === 404 || status === 405 || status === 501) {
    return fail("status", `expected the endpoint to exist, got ${status}${snippet(text)}`, { status, code: ErrorCode.VerifyEndpointMissing });
  }
  if (status < 200 || status > 299) return fail("status", `expected a 2xx status, got ${status}${snippet(text)}`, { status });

  const statusCheck: EndpointCheck = { kind: "status", ok: true, detail: String(status), source: statusSource };
  const documented = endpoint.response;
  if (documented.kind === "none") return { ok: true, status, detail: `${status} (no documented example: shape not checked)`, checks: [statusCheck] };
  if (documented.kind === "text") {
    return contentType.startsWith(documented.contentType)
      ? { ok: true, status, detail: `${status} ${documented.contentType}`, checks: [statusCheck, { kind: "shape", ok: true, detail: documented.contentType, source: endpoint.exampleSource }] }
      : fail("shape", `expected ${documented.contentType}, got "${contentType || "no content type"}"`, { status });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail("shape", `expected a JSON body, got "${contentType || "no content type"}"${snippet(text)}`, { status });
  }
  const mismatches = compareShape(documented.value, body);
  if (mismatches.length > 0) {
    const shown = mismatches.slice(0, 3).map(describeMismatch).join("; ");
    return fail("shape", `response does not match the documented example: ${shown}${mismatches.length > 3 ? ` (and ${mismatches.length - 3} more)` : ""}`, { status, body });
  }
  const detail = `${status}, shape matches the documented example`;
  return { ok: true, status, body, detail, checks: [statusCheck, { kind: "shape", ok: true, detail: "matches the documented example", source: endpoint.exampleSource }] };
}

async function probeStream(baseUrl: string, path: string, endpoint: ContractEndpoint, timeoutMs = 5_000): Promise<Outcome> {
  const url = baseUrl.replace(/^http/, "ws") + path;
  const received = await new Promise<{ message?: string; error?: string }>((resolve) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => finish({ error: `no event within ${timeoutMs / 1000} s` }), timeoutMs);
    function finish(value: { message?: string; error?: string }) {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on("error", () => undefined);
      ws.terminate();
      resolve(value);
    }
    ws.once("message", (data) => finish({ message: String(data) }));
    ws.once("unexpected-response", (_req, res) => finish({ error: `upgrade refused with ${res.statusCode}` }));
    ws.once("error", (error) => finish({ error: error.message }));
    ws.once("close", (code) => finish({ error: `closed (${code}) before any event` }));
  });
  const source: ExpectationSource = endpoint.line > 0 ? "spec" : "inferred";
  const opened: EndpointCheck = { kind: "status", ok: true, detail: "upgraded, sent an event", source };
  const shapeFailed = (detail: string): Outcome => ({ ok: false, detail, checks: [opened, { kind: "shape", ok: false, detail, source: endpoint.exampleSource }] });
  if (received.error !== undefined) {
    const detail = `expected a WebSocket event, got ${received.error}`;
    return { ok: false, code: ErrorCode.VerifyEndpointMissing, detail, checks: [{ kind: "status", ok: false, detail, source }] };
  }
  let event: unknown;
  try {
    event = JSON.parse(received.message as string);
  } catch {
    return shapeFailed(`expected a JSON event, got${snippet(received.message as string)}`);
  }
  if (endpoint.events.length === 0) return { ok: true, detail: "received an event (none documented: shape not checked)", checks: [opened] };
  const best = endpoint.events.map((e: JsonValue) => compareShape(e, event)).sort((a, b) => a.length - b.length)[0] ?? [];
  if (best.length > 0) return shapeFailed(`event matches no documented event: ${best.slice(0, 3).map(describeMismatch).join("; ")}`);
  return { ok: true, detail: "received an event shaped like a documented one", checks: [opened, { kind: "shape", ok: true, detail: "an event shaped like a documented one", source: endpoint.exampleSource }] };
}
