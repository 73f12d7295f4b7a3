import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCheckRunPublisher } from "../../src/github/check-run-publisher.js";
import { createOctokit } from "../../src/github/create-octokit.js";
import type { PipelineReport } from "../../src/pipeline/types.js";
import { fakeGitHubState } from "../helpers/fake-github-state.js";
import { mockGitHub } from "../helpers/github-mock.js";

beforeAll(() => nock.disableNetConnect());

const target = { owner: "octo-org", repo: "octo-repo", sha: "a".repeat(40), detailsUrl: "https://github.com/octo-org/octo-repo/actions/runs/1", specPath: "services/big/SPEC.md", specKey: "k1" };
const report = (status: "passed" | "failed"): PipelineReport => ({
  verified: false,
  service: "big",
  version: "1.0.0",
  specPath: target.specPath,
  specHash: "s",
  outDir: "/tmp/x",
  generator: "template@1",
  phases: [
    { name: "analyze", status, durationMs: 5, attempts: 1 },
    { name: "generate", status: "skipped", durationMs: 0, attempts: 0 },
    { name: "build", status: "skipped", durationMs: 0, attempts: 0 },
    { name: "verify", status: "skipped", durationMs: 0, attempts: 0 },
  ],
  attempts: [{ phase: "analyze", attempt: 1, startMs: 0, durationMs: 5, status }],
  endpoints: [],
  findings: [],
  durationMs: 5,
});

describe("a phase with 120 findings on SPEC lines", () => {
  let api: ReturnType<typeof mockGitHub>;
  afterEach(() => api.done());

  it("sends the annotations 50 at a time: on completion, then in two updates", async () => {
    api = mockGitHub();
    fakeGitHubState(api);
    const publisher = createCheckRunPublisher(createOctokit({ auth: "t", throttle: false }), target);
    publisher.onEvent({ type: "phase-start", phase: "analyze", attempt: 1 });
    publisher.onEvent({ type: "analyzed", service: "big", version: "1.0.0", endpointCount: 120, specHash: "s", generator: "template@1" });
    for (let line = 1; line <= 120; line++) {
      publisher.onEvent({ type: "finding", phase: "analyze", finding: { code: "E1003", severity: "warning", message: `endpoint at ${line} has no example`, line, file: target.specPath } });
    }
    publisher.onEvent({ type: "phase-complete", phase: "analyze", status: "passed", durationMs: 5, attempts: 1 });
    await publisher.finish(report("passed"));

    const analyzeRequests = api.requests.filter((r) => (r.body as { name?: string }).name?.endsWith("analyze") || r.path.endsWith("/check-runs/1"));
    expect(analyzeRequests.map((r) => [r.method, (r.body as { output: { annotations: Array<{ start_line: number }> } }).output.annotations.map((a) => a.start_line)])).toEqual([
      ["POST", Array.from({ length: 50 }, (_, i) => i + 1)],
      ["PATCH", Array.from({ length: 50 }, (_, i) => i + 51)],
      ["PATCH", Array.from({ length: 20 }, (_, i) => i + 101)],
    ]);
    expect(api.invalidRequests()).toEqual([]);
  });

  /** A publisher on a fresh fake GitHub, told the service is analyzed. */
  const analyzedPublisher = () => {
    api = mockGitHub();
    const github = fakeGitHubState(api);
    const publisher = createCheckRunPublisher(createOctokit({ auth: "t", throttle: false }), target);
    publisher.onEvent({ type: "analyzed", service: "big", version: "1.0.0", endpointCount: 0, specHash: "s", generator: "template@1" });
    return { github, publisher };
  };

  it("publishes phases that never ran as skipped", async () => {
    const { github, publisher } = analyzedPublisher();
    publisher.onEvent({ type: "phase-complete", phase: "analyze", status: "failed", durationMs: 5, attempts: 1 });
    const published = await publisher.finish(report("failed"));
    expect([...github.checkRuns.values()].map((c) => [c.name, c.conclusion, c.output.title])).toEqual([
      ["specforge: big › analyze", "failure", "analyze failed"],
      ["specforge: big › generate", "skipped", "Skipped: an earlier phase did not pass"],
      ["specforge: big › build", "skipped", "Skipped: an earlier phase did not pass"],
      ["specforge: big › verify", "skipped", "Skipped: an earlier phase did not pass"],
    ]);
    expect(published.ids).toEqual({ analyze: 1, generate: 2, build: 3, verify: 4 });
    expect(api.invalidRequests()).toEqual([]);
  });

  it("shows each phase's tries as the pipeline counted them", async () => {
    const { github, publisher } = analyzedPublisher();
    publisher.onEvent({ type: "phase-complete", phase: "analyze", status: "passed", durationMs: 5, attempts: 1 });
    publisher.onEvent({ type: "phase-start", phase: "generate", attempt: 1 });
    publisher.onEvent({ type: "phase-start", phase: "generate", attempt: 2 });
    publisher.onEvent({ type: "phase-complete", phase: "generate", status: "failed", durationMs: 9, attempts: 2 });
    await publisher.finish(report("passed"));
    expect([...github.checkRuns.values()].find((c) => c.name === "specforge: big › generate")?.output.summary).toContain(
      ["| analyze | ✅ passed | 5 ms | 1 |", "| generate | ❌ failed | 9 ms | 2 |"].join("\n"),
    );
  });
});
