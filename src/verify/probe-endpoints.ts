import WebSocket from "ws";
import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import { isJsonObject, type JsonValue } from "../core/json.js";
import type { Contract, ContractEndpoint } from "../spec/to-contract.js";
import { compareShape, describeMismatch } from "./compare-shape.js";
import { samplePathValue } from "./sample-path-value.js";
import type { EndpointResult } from "./types.js";

export interface ProbeOptions {
  contract: Contract;
  baseUrl: string;
  specFile: string;
  requestTimeoutMs?: number;
  onProbe?: (endpoint: ContractEndpoint, result: EndpointResult) => void;
}

interface Outcome {
  ok: boolean;
  detail: string;
  code?: Finding["code"];
  status?: number;
  body?: unknown;
}

const ORDER: Record<string, number> = { create: 1, static: 2, read: 3, list: 4, action: 6, stream: 7 };

/** The order probes run in: UDC first, creators before what reads their ids, deletions last. */
export function planProbes(contract: Contract): ContractEndpoint[] {
  const rank = (e: ContractEndpoint) =>
    e.role.startsWith("udc") ? 0 : e.method === "DELETE" ? 8 : e.role === "static" && e.method !== "GET" ? 5 : (ORDER[e.role] ?? 5);
  return contract.endpoints.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i).map(({ e }) => e);
}

/**
 * Calls every endpoint of the contract on a running service and compares what
 * comes back with the documented example. Results come back in contract order.
 */
export async function probeEndpoints(options: ProbeOptions): Promise<{ endpoints: EndpointResult[]; findings: Finding[] }> {
  const { contract } = options;
  const ids = new Map<string, string>();
  const results = new Map<ContractEndpoint, EndpointResult>();
  const findings: Finding[] = [];

  const creators = new Map(contract.endpoints.filter((e) => e.role === "create").map((e) => [e.resource, e]));
  for (const endpoint of planProbes(contract)) {
    const path = concretePath(endpoint, contract, ids);
    const creator = endpoint.role !== "create" && endpoint.resource ? creators.get(endpoint.resource) : undefined;
    const outcome: Outcome =
      creator && endpoint.resource && !ids.has(endpoint.resource)
        ? { ok: false, detail: `not probed: no ${endpoint.resource} to address, because ${creator.key} did not return a usable one` }
        : endpoint.method === "WS"
          ? await probeStream(options.baseUrl, path, endpoint)
          : await probeHttp(options, path, endpoint);
    if (outcome.ok && endpoint.role === "create" && endpoint.resource && isJsonObject(outcome.body)) {
      const id = outcome.body[endpoint.idField ?? endpoint.resource];
      if (typeof id === "string" || typeof id === "number") ids.set(endpoint.resource, String(id));
    }
    const result: EndpointResult = {
      method: endpoint.method,
      path: endpoint.path,
      verified: outcome.ok,
      detail: outcome.detail,
      line: endpoint.line,
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    };
    results.set(endpoint, result);
    options.onProbe?.(endpoint, result);
    if (!outcome.ok) {
      findings.push({
        code: outcome.code ?? ErrorCode.VerifyContractMismatch,
        severity: "error",
        message: `${endpoint.key}: ${outcome.detail}`,
        file: options.specFile,
        ...(endpoint.line ? { line: endpoint.line } : {}),
        subject: endpoint.key,
      });
    }
  }
  return { endpoints: contract.endpoints.map((e) => results.get(e) as EndpointResult), findings };
}

function concretePath(endpoint: ContractEndpoint, contract: Contract, ids: Map<string, string>): string {
  let path = endpoint.path;
  for (const param of endpoint.pathParams) {
    const value = ids.get(param) ?? samplePathValue(contract, param);
    path = path.replace(new RegExp(`\\{${param}(?::path)?\\}`), encodeURIComponent(value));
  }
  return path;
}

async function probeHttp(options: ProbeOptions, path: string, endpoint: ContractEndpoint): Promise<Outcome> {
  const method = endpoint.method === "ANY" ? "GET" : endpoint.method;
  const sendsBody = method !== "GET" && method !== "HEAD" && endpoint.request !== undefined;
  let res: Response;
  let text: string;
  try {
    res = await fetch(options.baseUrl + path, {
      method,
      signal: AbortSignal.timeout(options.requestTimeoutMs ?? 5_000),
      ...(sendsBody ? { body: JSON.stringify(endpoint.request), headers: { "content-type": "application/json" } } : {}),
    });
    text = await res.text();
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? `no answer within ${(options.requestTimeoutMs ?? 5_000) / 1000} s` : `no answer (${(error as Error).message})`;
    return { ok: false, code: ErrorCode.VerifyEndpointMissing, detail: `expected an answer to ${method} ${path}, got ${reason}` };
  }
  const status = res.status;
  if (status === 404 || status === 405 || status === 501) {
    return { ok: false, status, code: ErrorCode.VerifyEndpointMissing, detail: `expected the endpoint to exist, got ${status}${snippet(text)}` };
  }
  if (status < 200 || status > 299) return { ok: false, status, detail: `expected a 2xx status, got ${status}${snippet(text)}` };

  const contentType = res.headers.get("content-type") ?? "";
  const documented = endpoint.response;
  if (documented.kind === "none") return { ok: true, status, detail: `${status} (no documented example: shape not checked)` };
  if (documented.kind === "text") {
    return contentType.startsWith(documented.contentType)
      ? { ok: true, status, detail: `${status} ${documented.contentType}` }
      : { ok: false, status, detail: `expected ${documented.contentType}, got "${contentType || "no content type"}"` };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, status, detail: `expected a JSON body, got "${contentType || "no content type"}"${snippet(text)}` };
  }
  const mismatches = compareShape(documented.value, body);
  if (mismatches.length > 0) {
    const shown = mismatches.slice(0, 3).map(describeMismatch).join("; ");
    return { ok: false, status, body, detail: `response does not match the documented example: ${shown}${mismatches.length > 3 ? ` (and ${mismatches.length - 3} more)` : ""}` };
  }
  return { ok: true, status, body, detail: `${status}, shape matches the documented example` };
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
  if (received.error !== undefined) return { ok: false, code: ErrorCode.VerifyEndpointMissing, detail: `expected a WebSocket event, got ${received.error}` };
  let event: unknown;
  try {
    event = JSON.parse(received.message as string);
  } catch {
    return { ok: false, detail: `expected a JSON event, got${snippet(received.message as string)}` };
  }
  if (endpoint.events.length === 0) return { ok: true, detail: "received an event (none documented: shape not checked)" };
  const best = endpoint.events.map((e: JsonValue) => compareShape(e, event)).sort((a, b) => a.length - b.length)[0] ?? [];
  if (best.length > 0) return { ok: false, detail: `event matches no documented event: ${best.slice(0, 3).map(describeMismatch).join("; ")}` };
  return { ok: true, detail: "received an event shaped like a documented one" };
}

function snippet(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t ? `: ${t.slice(0, 160)}${t.length > 160 ? "…" : ""}` : "";
}
