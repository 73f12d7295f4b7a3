import http from "node:http";
import { sign } from "@octokit/webhooks-methods";
import nock from "nock";
import { examplePayload, startApp, WEBHOOK_SECRET } from "../test/helpers/app-harness.js";
import { fakeGitHubState } from "../test/helpers/fake-github-state.js";
import { mockGitHub } from "../test/helpers/github-mock.js";
import { median, percentile } from "./stats.js";

/**
 * A burst of push deliveries, each a new commit adding a SPEC, all sent at
 * once over HTTP through Probot's signature check, with Octokit's throttling
 * on as in production (GitHub mocked with nock). Bodies are signed before the
 * burst, as GitHub's are. Figures: the server's handling time (arrival to
 * answer) and the time from sending to the answer; GitHub gives up at 10 s.
 */
export async function benchWebhooks(deliveries: number): Promise<string[]> {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
  const app = await startApp({ throttle: !process.env["BENCH_NO_THROTTLE"] });
  const api = mockGitHub();
  const state = fakeGitHubState(api, "/repos/Codertocat/Hello-World");
  const template = examplePayload("push", (p) => p["ref"] === "refs/heads/master");
  const signed = async (i: number) => {
    const payload = structuredClone(template) as Record<string, unknown> & { commits: Array<Record<string, unknown>> };
    payload["after"] = (i + 1).toString(16).padStart(40, "0");
    Object.assign(payload.commits[0] as object, { added: [`services/svc-${i}/SPEC.md`], modified: [], removed: [] });
    const body = JSON.stringify(payload);
    return { id: `bench-${i}`, body, signature: await sign(WEBHOOK_SECRET, body) };
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: deliveries });
  const send = (d: { id: string; body: string; signature: string }) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${app.baseUrl}/api/github/webhooks`,
        { method: "POST", agent, headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": d.id, "x-hub-signature-256": d.signature } },
        (res) => res.resume().on("end", () => resolve(res.statusCode ?? 0)),
      );
      req.on("error", reject);
      req.end(d.body);
    });
  try {
    // One delivery first warms up what every later one reuses (the installation token, JIT).
    await send(await signed(deliveries));
    app.handlingTimes.length = 0;
    const burst = await Promise.all(Array.from({ length: deliveries }, (_, i) => signed(i)));
    const started = performance.now();
    const observed: number[] = [];
    const statuses = await Promise.all(
      burst.map(async (d) => {
        const sent = performance.now();
        const status = await send(d);
        observed.push(performance.now() - sent);
        return status;
      }),
    );
    const answered = performance.now() - started;
    const dispatched = state.dispatchedSpecs().length - 1;
    const burstHandled = [...app.handlingTimes];
    // The same pushes one at a time: what a delivery costs when it has the machine to itself.
    app.handlingTimes.length = 0;
    for (let i = 0; i < 50; i++) await send(await signed(deliveries + 1 + i));
    const counts = [...new Set(statuses)].map((s) => `${statuses.filter((x) => x === s).length}× ${s}`).join(", ");
    const alone = app.handlingTimes;
    return [
      `webhook handling, ${deliveries} concurrent push deliveries over HTTP (throttling ${process.env["BENCH_NO_THROTTLE"] ? "off" : "on"}, GitHub mocked): p50 ${median(burstHandled).toFixed(0)} ms, p95 ${percentile(burstHandled, 95).toFixed(0)} ms (aim < 100 ms); sent → answered p95 ${percentile(observed, 95).toFixed(0)} ms; all answered in ${Math.round(answered)} ms`,
      `  answers ${counts}; SPECs dispatched when the last answer came: ${dispatched} of ${deliveries}`,
      `webhook handling, one push delivery at a time (50): p50 ${median(alone).toFixed(0)} ms, p95 ${percentile(alone, 95).toFixed(0)} ms`,
    ];
  } finally {
    agent.destroy();
    await app.close();
    api.done();
    nock.enableNetConnect();
  }
}
