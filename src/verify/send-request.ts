import http from "node:http";

/** What came back from one HTTP request: an answer, or why there was none. */
export type HttpAnswer = { status: number; text: string; contentType: string } | { error: string; timedOut: boolean };

export interface HttpRequest {
  method: string;
  /** The full URL (http). */
  url: string;
  /** Sent as JSON (`content-type: application/json`), as it is. */
  body?: string;
  timeoutMs: number;
}

export type SendRequest = (request: HttpRequest) => Promise<HttpAnswer>;

/** Past this, an answer's body is not kept: messages show its start, and a service must not fill the verifier's memory. */
const MAX_KEPT_BYTES = 1_000_000;

/**
 * An HTTP client for one verification: kept-alive connections, reused
 * request after request (a generated-request run sends hundreds; `fetch`
 * costs about twice as much per request), a few at once for requests sent
 * side by side. `close` ends them.
 */
export function createHttpClient(): { send: SendRequest; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const send: SendRequest = (request) =>
    new Promise((resolve) => {
      const signal = AbortSignal.timeout(request.timeoutMs);
      const headers = request.body !== undefined ? { "content-type": "application/json", "content-length": Buffer.byteLength(request.body) } : {};
      const failed = (error: Error) => {
        const timedOut = signal.aborted;
        resolve({ error: timedOut ? `no answer within ${request.timeoutMs / 1000} s` : `no answer (${error.message})`, timedOut });
      };
      let req: http.ClientRequest;
      try {
        req = http.request(request.url, { method: request.method, agent, headers, signal }, (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on("data", (chunk: Buffer) => {
            if (kept >= MAX_KEPT_BYTES) return;
            chunks.push(chunk);
            kept += chunk.length;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), contentType: String(res.headers["content-type"] ?? "") }));
          res.on("error", failed);
        });
      } catch (error) {
        failed(error as Error);
        return;
      }
      req.on("error", failed);
      req.end(request.body);
    });
  return { send, close: () => agent.destroy() };
}

/** The start of a body, on one line, for messages. */
export function snippet(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t ? `: ${t.slice(0, 160)}${t.length > 160 ? "…" : ""}` : "";
}
