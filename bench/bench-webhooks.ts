import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import nock from "nock";
import { examplePayload, startApp, WEBHOOK_SECRET } from "../test/helpers/app-harness.js";
import { fakeGitHubState } from "../test/helpers/fake-github-state.js";
import { mockGitHub } from "../test/helpers/github-mock.js";
import { median, percentile } from "./stats.js";

const sender = path.join(path.dirname(fileURLToPath(import.meta.url)), "send-webhook-burst.mjs");

/**
 * A burst of push deliveries, each a new commit adding a SPEC, all sent at
 * once over HTTP through Probot's signature check, with Octokit's throttling
 * on as in production (GitHub mocked with nock, in the app's process). The
 * deliveries come from another process, as GitHub's come from elsewhere.
 * Figures: the server's handling time (arrival to answer) and the sender's
 * time from sending to the answer; GitHub gives up at 10 s.
 */
export async function benchWebhooks(deliveries: number): Promise<string[]> {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
  const app = await startApp({ throttle: !process.env["BENCH_NO_THROTTLE"] });
  const api = mockGitHub();
  const state = fakeGitHubState(api, "/repos/Codertocat/Hello-World");
  const template = JSON.stringify(examplePayload("push", (p) => p["ref"] === "refs/heads/master"));
  const send = async (first: number, count: number, oneByOne = false) => {
    const { stdout } = await execa("node", [sender, `${app.baseUrl}/api/github/webhooks`, WEBHOOK_SECRET, String(first), String(count), ...(oneByOne ? ["one-by-one"] : [])], { input: template });
    return JSON.parse(stdout) as { answers: Array<{ status: number; ms: number }>; totalMs: number };
  };
  try {
    // One delivery first warms up what every later one reuses (the installation token, JIT).
    await send(deliveries, 1);
    app.handlingTimes.length = 0;
    const cpuBefore = process.cpuUsage();
    const burst = await send(0, deliveries);
    const cpu = process.cpuUsage(cpuBefore);
    const dispatched = state.dispatchedSpecs().length - 1;
    const burstHandled = [...app.handlingTimes];
    // The same pushes one at a time: what a delivery costs when it has the machine to itself.
    app.handlingTimes.length = 0;
    await send(deliveries + 1, 50, true);
    const statuses = burst.answers.map((a) => a.status);
    const counts = [...new Set(statuses)].map((s) => `${statuses.filter((x) => x === s).length}× ${s}`).join(", ");
    const alone = app.handlingTimes;
    return [
      `webhook handling, ${deliveries} concurrent push deliveries over HTTP (throttling ${process.env["BENCH_NO_THROTTLE"] ? "off" : "on"}, GitHub mocked): p50 ${median(burstHandled).toFixed(0)} ms, p95 ${percentile(burstHandled, 95).toFixed(0)} ms (aim < 100 ms); sent → answered p95 ${percentile(
        burst.answers.map((a) => a.ms),
        95,
      ).toFixed(0)} ms; all answered in ${Math.round(burst.totalMs)} ms`,
      `  answers ${counts}; SPECs dispatched when the last answer came: ${dispatched} of ${deliveries}; CPU in the app's process ${((cpu.user + cpu.system) / 1000 / deliveries).toFixed(1)} ms a delivery (the GitHub mock's share included)`,
      `webhook handling, one push delivery at a time (50): p50 ${median(alone).toFixed(0)} ms, p95 ${percentile(alone, 95).toFixed(0)} ms`,
    ];
  } finally {
    await app.close();
    api.done();
    nock.enableNetConnect();
  }
}
