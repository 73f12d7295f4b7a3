import type { HealthCheck } from "./types.js";

export interface HealthResult {
  healthy: boolean;
  /** From the first request to the last of `successes` healthy answers in a row. */
  elapsedMs: number;
  checks: number;
  /** The last unhealthy answer or error, for the report. */
  lastProblem: string;
}

/**
 * Polls `url + path` until it answers 2xx `successes` times in a row, or the
 * deadline passes. One slow answer cannot hold it past the deadline: each
 * request is cut at the interval or the time left, whichever is longer.
 */
export async function pollHealth(url: string, check: HealthCheck, options: { now?: () => number; fetchImpl?: typeof fetch } = {}): Promise<HealthResult> {
  const now = options.now ?? Date.now;
  const fetchImpl = options.fetchImpl ?? fetch;
  // Under the service's URL, prefix included: https://example.com/billing + /health.
  const target = `${url.replace(/\/+$/, "")}/${check.path.replace(/^\/+/, "")}`;
  const started = now();
  const deadline = started + check.timeoutSeconds * 1000;
  let inARow = 0;
  let checks = 0;
  let lastProblem = "";
  while (true) {
    checks++;
    try {
      const left = Math.max(deadline - now(), 0);
      const response = await fetchImpl(target, { signal: AbortSignal.timeout(Math.max(check.intervalMs, Math.min(left, 5_000), 100)) });
      await response.arrayBuffer();
      if (response.ok) inARow++;
      else {
        inARow = 0;
        lastProblem = `${target} answered ${response.status}`;
      }
    } catch (error) {
      inARow = 0;
      lastProblem = `${target}: ${(error as Error).message}`;
    }
    if (inARow >= check.successes) return { healthy: true, elapsedMs: now() - started, checks, lastProblem: "" };
    if (now() + check.intervalMs > deadline) return { healthy: false, elapsedMs: now() - started, checks, lastProblem: lastProblem || "no answer" };
    await new Promise((resolve) => setTimeout(resolve, check.intervalMs));
  }
}
