import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { matchPath } from "./router.js";
import { live } from "./shape.js";
import type { Store } from "./store.js";
import type { ContractEndpoint } from "./types.js";

const EVENT_INTERVAL_MS = 25;

/**
 * Serves the SPEC's WebSocket endpoints: each connection receives the
 * documented events in order, with live values, then a normal close.
 */
export function attachStreams(server: Server, endpoints: ContractEndpoint[], store: Store): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    for (const endpoint of endpoints) {
      const params = matchPath(endpoint.path, pathname);
      if (!params) continue;
      const id = endpoint.resource ? params[endpoint.resource] : undefined;
      if (endpoint.resource && id !== undefined && !store.get(endpoint.resource, id)) return reject(socket, 404, "Not Found");
      wss.handleUpgrade(req, socket, head, (ws) => sendEvents(ws, endpoint, params));
      return;
    }
    reject(socket, 404, "Not Found");
  });
  return wss;
}

function sendEvents(ws: WebSocket, endpoint: ContractEndpoint, params: Record<string, string>): void {
  const events = endpoint.events.length > 0 ? endpoint.events : [{ event: "connected" }];
  events.forEach((event, i) => {
    setTimeout(() => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify(live(event, params)));
      if (i === events.length - 1) ws.close(1000, "end of stream");
    }, i * EVENT_INTERVAL_MS);
  });
}

function reject(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
