import nock from "nock";
import { examplePayload, startApp } from "../test/helpers/app-harness.js";
import { fakeGitHubState } from "../test/helpers/fake-github-state.js";
import { mockGitHub } from "../test/helpers/github-mock.js";
import { median, percentile } from "./stats.js";

/**
 * A burst of push deliveries, each a new commit adding a SPEC, all sent at
 * once over HTTP through Probot's signature check, with Octokit's throttling
 * on as in production (GitHub mocked with nock). The figure is the time from
 * sending a delivery to its answer; GitHub's own 10 s limit is the ceiling.
 */
export async function benchWebhooks(deliveries: number): Promise<string[]> {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
  const app = await startApp({ throttle: true });
  const api = mockGitHub();
  const state = fakeGitHubState(api, "/repos/Codertocat/Hello-World");
  const template = examplePayload("push", (p) => p["ref"] === "refs/heads/master");
  const payloadFor = (i: number) => {
    const payload = structuredClone(template) as Record<string, unknown> & { commits: Array<Record<string, unknown>> };
    payload["after"] = (i + 1).toString(16).padStart(40, "0");
    Object.assign(payload.commits[0] as object, { added: [`services/svc-${i}/SPEC.md`], modified: [], removed: [] });
    return payload;
  };
  const times: number[] = [];
  const statuses = new Map<number, number>();
  try {
    // One delivery first warms up what every later one reuses (the installation token, JIT).
    await app.deliver("push", payloadFor(deliveries), { id: "bench-warm-up" });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: deliveries }, async (_, i) => {
        const sent = performance.now();
        const res = await app.deliver("push", payloadFor(i), { id: `bench-${i}` });
        times.push(performance.now() - sent);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }),
    );
    const answered = performance.now() - started;
    const dispatchedSpecs = state.dispatchedSpecs().length - 1;
    return [
      `webhook push burst (${deliveries} concurrent deliveries over HTTP, throttling on, GitHub mocked): p50 ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, all answered in ${Math.round(answered)} ms (aim: p95 < 100 ms)`,
      `  answers ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(", ")}; SPECs dispatched when the last answer came: ${dispatchedSpecs} of ${deliveries}`,
    ];
  } finally {
    await app.close();
    api.done();
    nock.enableNetConnect();
  }
}
