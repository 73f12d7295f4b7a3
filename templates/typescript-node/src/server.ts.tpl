import http from "node:http";
import { pathToFileURL } from "node:url";
import { contract } from "./contract.js";
import { Metrics } from "./metrics.js";
import { matchRoute } from "./router.js";
import { routes } from "./routes.js";
import { Store } from "./store.js";
import { attachStreams } from "./stream.js";
import type { HandlerResult } from "./handlers.js";

const MAX_BODY_BYTES = 1_000_000;

export interface Service {
  server: http.Server;
  port(): number;
  close(): Promise<void>;
}

export async function startService(port: number, host = "0.0.0.0"): Promise<Service> {
  const metrics = new Metrics();
  const store = new Store();
  const server = http.createServer((req, res) => {
    handle(req, store, metrics)
      .then((result) => send(res, result))
      .catch((error: unknown) => {
        metrics.recordError();
        console.error(error);
        send(res, { status: 500, json: { error: "internal_error", detail: "unexpected error" } });
      });
  });
  const wss = attachStreams(server, contract.endpoints.filter((e) => e.method === "WS"), store);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: () => (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: http.IncomingMessage, store: Store, metrics: Metrics): Promise<HandlerResult> {
  metrics.requestsTotal++;
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = req.method ?? "GET";
  const match = matchRoute(routes.filter((r) => r.endpoint.method !== "WS"), method, url.pathname);
  if (match.kind === "not-found") return fail(metrics, 404, "not_found", `no endpoint ${method} ${url.pathname}`);
  if (match.kind === "method-not-allowed") return fail(metrics, 405, "method_not_allowed", `${method} is not allowed on ${url.pathname}; use ${match.allowed.join(", ")}`);
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (error) {
    return fail(metrics, 400, "invalid_body", (error as Error).message);
  }
  const result = await match.route.handle({ endpoint: match.route.endpoint, params: match.params, query: url.searchParams, body, store, metrics });
  if (result.status >= 400) metrics.recordError();
  return result;
}

function fail(metrics: Metrics, status: number, error: string, detail: string): HandlerResult {
  metrics.recordError();
  return { status, json: { error, detail } };
}

async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error("request body is not valid JSON");
  }
}

function send(res: http.ServerResponse, result: HandlerResult): void {
  if ("text" in result) {
    res.writeHead(result.status, { "content-type": `${result.contentType}; charset=utf-8` });
    res.end(result.text);
    return;
  }
  const body = JSON.stringify(result.json);
  res.writeHead(result.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const port = Number(process.env["PORT"] ?? contract.port ?? 8000);
  const host = process.env["HOST"] ?? "0.0.0.0";
  const service = await startService(port, host);
  console.log(JSON.stringify({ event: "listening", service: contract.service, version: contract.version, port: service.port() }));
  const stop = () => void service.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
