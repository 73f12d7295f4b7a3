import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppMetrics } from "./app-metrics.js";

export interface AppIdentity {
  name: string;
  version: string;
  githubApiUrl: string;
  webhookPath: string;
}

const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * The five UDC endpoints every service answers, served by the app's own HTTP
 * server next to the webhook route. Returns false for other paths so Probot's
 * handlers (webhooks, ping, not found) take them.
 */
export function createUdcHandler(metrics: AppMetrics, identity: AppIdentity) {
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>> = {
    "GET /health": (_req, res) =>
      send(res, 200, { status: "active", service: identity.name, version: identity.version, timestamp: new Date().toISOString(), events_handled: metrics.eventsHandled }),
    "GET /capabilities": (_req, res) =>
      send(res, 200, {
        version: identity.version,
        features: ["push_builds", "comment_commands", "check_run_buttons", "udc_endpoints"],
        dependencies: ["github"],
        udc_version: "1.0",
        metadata: { webhook_path: identity.webhookPath, commands: ["approve", "rollback", "retry", "cancel", "status", "help"] },
      }),
    "GET /state": (_req, res) =>
      send(res, 200, {
        uptime_seconds: metrics.uptimeSeconds(),
        requests_total: metrics.requestsTotal,
        errors_last_hour: metrics.errorsLastHour(),
        last_restart: metrics.startedAt.toISOString(),
        events_handled: metrics.eventsHandled,
        last_delivery: metrics.lastDelivery,
      }),
    "GET /dependencies": (_req, res) => {
      // GitHub is "available" until a request to it fails, "degraded" while errors are recent.
      const status = metrics.errorsLastHour() > 0 ? "degraded" : "available";
      send(res, 200, { required: [{ name: "github", status, url: identity.githubApiUrl }], optional: [], missing: [] });
    },
    "POST /message": async (req, res) => {
      let text = "";
      for await (const chunk of req) {
        text += String(chunk);
        if (text.length > MAX_MESSAGE_BYTES) return send(res, 413, { error: "payload_too_large", detail: `a message is at most ${MAX_MESSAGE_BYTES} bytes` });
      }
      let message: unknown;
      try {
        message = JSON.parse(text || "null");
      } catch {
        return send(res, 400, { error: "invalid_body", detail: "the message is not valid JSON" });
      }
      if (typeof message !== "object" || message === null || Array.isArray(message)) {
        return send(res, 400, { error: "validation_error", field: "body", detail: "the message must be a JSON object" });
      }
      metrics.messagesReceived++;
      const traceId = (message as { trace_id?: unknown }).trace_id;
      send(res, 200, { received: true, trace_id: typeof traceId === "string" ? traceId : randomUUID(), processed_at: new Date().toISOString(), result: "success" });
    },
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = routes[`${req.method ?? "GET"} ${path}`];
    if (!route) return false;
    metrics.requestsTotal++;
    await route(req, res);
    return true;
  };
}
