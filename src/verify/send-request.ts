/** What came back from one HTTP request: an answer, or why there was none. */
export type HttpAnswer = { status: number; text: string; contentType: string } | { error: string; timedOut: boolean };

export interface HttpRequest {
  method: string;
  /** The full URL. */
  url: string;
  /** Sent as JSON (`content-type: application/json`), as it is. */
  body?: string;
  timeoutMs: number;
}

/** Sends one request and reads the whole answer, within `timeoutMs`; never throws. */
export async function sendRequest(request: HttpRequest): Promise<HttpAnswer> {
  try {
    const res = await fetch(request.url, {
      method: request.method,
      signal: AbortSignal.timeout(request.timeoutMs),
      ...(request.body !== undefined ? { body: request.body, headers: { "content-type": "application/json" } } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, contentType: res.headers.get("content-type") ?? "" };
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    return { error: timedOut ? `no answer within ${request.timeoutMs / 1000} s` : `no answer (${(error as Error).message})`, timedOut };
  }
}

/** The start of a body, on one line, for messages. */
export function snippet(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t ? `: ${t.slice(0, 160)}${t.length > 160 ? "…" : ""}` : "";
}
