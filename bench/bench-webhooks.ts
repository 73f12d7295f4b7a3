import { sign } from "@octokit/webhooks-methods";
import nock from "nock";
import { examplePayload, startApp, WEBHOOK_SECRET } from "../test/helpers/app-harness.js";
import { fakeGitHubState } from "../test/helpers/fake-github-state.js";
import { mockGitHub } from "../test/helpers/github-mock.js";
import { median, percentile } from "./stats.js";

/**
 * In-process handling time of a push that adds one SPEC, from a signed
 * delivery to the workflow dispatch, against GitHub mocked with nock. Octokit's
 * deliberate one-second spacing between writes is off, as in the tests: the
 * figure is the app's own cost.
 */
export async function benchWebhooks(deliveries: number): Promise<string[]> {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
  const app = await startApp();
  const api = mockGitHub();
  const state = fakeGitHubState(api, "/repos/Codertocat/Hello-World");
  const template = examplePayload("push", (p) => p["ref"] === "refs/heads/master");
  const times: number[] = [];
  try {
    for (let i = 0; i < deliveries + 20; i++) {
      const payload = structuredClone(template) as Record<string, unknown> & { commits: Array<Record<string, unknown>> };
      payload["after"] = (i + 1).toString(16).padStart(40, "0");
      Object.assign(payload.commits[0] as object, { added: ["services/billing/SPEC.md"], modified: [], removed: [] });
      const body = JSON.stringify(payload);
      const signature = await sign(WEBHOOK_SECRET, body);
      const started = performance.now();
      await app.probot.webhooks.verifyAndReceive({ id: `bench-${i}`, name: "push", payload: body, signature });
      // The first deliveries warm up caches (the installation token, JIT): not counted.
      if (i >= 20) times.push(performance.now() - started);
    }
  } finally {
    await app.close();
    api.done();
    nock.enableNetConnect();
  }
  if (state.dispatches.length !== deliveries + 20) throw new Error(`expected ${deliveries + 20} dispatches, saw ${state.dispatches.length}`);
  return [`webhook push → dispatch (${deliveries} deliveries, in-process, GitHub mocked): p50 ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`];
}
