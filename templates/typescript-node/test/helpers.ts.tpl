import assert from "node:assert/strict";
import WebSocket from "ws";
import { shapeErrors } from "../src/shape.js";
import { isJsonObject, type Contract, type ContractEndpoint, type JsonValue } from "../src/types.js";

export interface Reply {
  status: number;
  contentType: string;
  body: unknown;
}

export function endpointOf(contract: Contract, key: string): ContractEndpoint {
  const endpoint = contract.endpoints.find((e) => e.key === key);
  assert.ok(endpoint, `contract has no endpoint ${key}`);
  return endpoint;
}

export async function call(base: string, method: string, path: string, body?: JsonValue): Promise<Reply> {
  const res = await fetch(base + path, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
  });
  const contentType = res.headers.get("content-type") ?? "";
  const text = await res.text();
  return { status: res.status, contentType, body: contentType.includes("json") ? JSON.parse(text) : text };
}

/** A concrete path: resources are created first so their ids exist. */
export async function pathFor(base: string, contract: Contract, endpoint: ContractEndpoint): Promise<string> {
  let path = endpoint.path;
  for (const param of endpoint.pathParams) {
    const value = param === endpoint.resource ? await createResource(base, contract, param) : sampleValue(contract, param);
    path = path.replace(new RegExp(`\\{${param}(?::path)?\\}`), encodeURIComponent(value));
  }
  return path;
}

export async function createResource(base: string, contract: Contract, idKey: string): Promise<string> {
  const creator = contract.endpoints.find((e) => e.role === "create" && e.resource === idKey);
  assert.ok(creator, `no endpoint creates ${idKey}`);
  const reply = await call(base, creator.method, creator.path, creator.request);
  assert.equal(reply.status, 200, `${creator.key} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  const idField = creator.idField ?? idKey;
  const id = isJsonObject(reply.body) ? reply.body[idField] : undefined;
  assert.ok(typeof id === "string" || typeof id === "number", `${creator.key} returned no ${idField}`);
  return String(id);
}

function sampleValue(contract: Contract, param: string): string {
  const search = (value: JsonValue | undefined): string | undefined => {
    if (Array.isArray(value)) return value.map(search).find((v) => v !== undefined);
    if (!isJsonObject(value)) return undefined;
    if (typeof value[param] === "string") return value[param] as string;
    return Object.values(value).map(search).find((v) => v !== undefined);
  };
  for (const e of contract.endpoints) {
    const found = search(e.response.kind === "json" ? e.response.value : undefined) ?? search(e.request);
    if (found && /^[\w.-]+$/.test(found)) return found;
  }
  return "example";
}

/** Calls the endpoint as documented and checks the status and the JSON shape of the answer. */
export async function checkEndpoint(base: string, contract: Contract, key: string): Promise<void> {
  const endpoint = endpointOf(contract, key);
  const method = endpoint.method === "ANY" ? "GET" : endpoint.method;
  const reply = await call(base, method, await pathFor(base, contract, endpoint), method === "GET" ? undefined : endpoint.request);
  assert.equal(reply.status, 200, `${key} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  if (endpoint.response.kind === "json") assert.deepEqual(shapeErrors(endpoint.response.value, reply.body), []);
  if (endpoint.response.kind === "text") assert.ok(reply.contentType.startsWith(endpoint.response.contentType));
}

/** A request without its first required field is refused with 400 naming the field. */
export async function checkRejectsMissingField(base: string, contract: Contract, key: string): Promise<void> {
  const endpoint = endpointOf(contract, key);
  const field = endpoint.requiredFields[0] as string;
  const body = { ...(endpoint.request as Record<string, JsonValue>) };
  delete body[field];
  const reply = await call(base, endpoint.method, await pathFor(base, contract, endpoint), body);
  assert.equal(reply.status, 400);
  assert.ok(isJsonObject(reply.body) && String(reply.body["detail"]).includes(field), JSON.stringify(reply.body));
}

/** A created resource can be read back by its id. */
export async function checkReadBack(base: string, contract: Contract, key: string): Promise<void> {
  const endpoint = endpointOf(contract, key);
  const idKey = endpoint.resource as string;
  const id = await createResource(base, contract, idKey);
  const reply = await call(base, "GET", endpoint.path.replace(`{${idKey}}`, encodeURIComponent(id)));
  assert.equal(reply.status, 200);
  assert.ok(isJsonObject(reply.body) && String(reply.body[endpoint.idField ?? idKey]) === id, `read back ${JSON.stringify(reply.body)}`);
  const missing = await call(base, "GET", endpoint.path.replace(`{${idKey}}`, "no-such-id"));
  assert.equal(missing.status, 404);
}

/** The stream sends at least one event shaped like a documented one. */
export async function checkStream(base: string, contract: Contract, key: string): Promise<void> {
  const endpoint = endpointOf(contract, key);
  const url = base.replace(/^http/, "ws") + (await pathFor(base, contract, endpoint));
  const first = await new Promise<unknown>((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error(`no event from ${key} within 5 s`)), 5_000);
    ws.once("message", (data) => {
      clearTimeout(timer);
      ws.terminate();
      resolve(JSON.parse(String(data)));
    });
    ws.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  if (endpoint.events.length > 0) {
    const fits = endpoint.events.some((event) => shapeErrors(event, first).length === 0);
    assert.ok(fits, `event ${JSON.stringify(first)} matches no documented event`);
  }
}
