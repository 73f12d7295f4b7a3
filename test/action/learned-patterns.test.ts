import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../action/src/main.js";
import { stubRunnerEnv } from "../helpers/action-env.js";
import { actionSuite } from "../helpers/action-suite.js";
import { fakeGitHubState } from "../helpers/fake-github-state.js";
import { createWorkspace } from "../helpers/git-workspace.js";
import { mockGitHub } from "../helpers/github-mock.js";
import { example, fixture } from "../helpers/paths.js";

const SPEC_PATH = "services/url-shortener/SPEC.md";
const SPEC = readFileSync(example("url-shortener"), "utf8");

actionSuite();

/**
 * The learning scenario through the Action: a generator command that breaks
 * one documented key on its first attempt, a pattern store in the repository,
 * and two builds. What they learn is proposed in one rolling pull request.
 */
describe("the action learning from a failure into the rolling pull request", () => {
  let api: ReturnType<typeof mockGitHub>;
  let github: ReturnType<typeof fakeGitHubState>;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  const runs: Array<{ calls: string[]; outputs: Record<string, string>; summary: string }> = [];

  const runAction = async (sha: string) => {
    const from = api.requests.length;
    const env = await stubRunnerEnv({ workspace: ws.workspace, sha, tempDir: await mkdtemp(path.join(os.tmpdir(), "specforge-runner-")), inputs: { "spec-path": SPEC_PATH, "github-token": "t", sha } });
    await run({ retryAfterBaseValue: 1, throttle: false });
    process.exitCode = undefined;
    runs.push({ calls: api.calls().slice(from), outputs: await env.outputs(), summary: await env.summary() });
  };

  beforeAll(async () => {
    api = mockGitHub();
    github = fakeGitHubState(api);
    const log = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-gen-")), "log");
    await writeFile(log, "");
    const command = [process.execPath, fixture("generators/drop-key-once.mjs"), log, "GET /links/{code}", "clicks"];
    ws = await createWorkspace({
      ".github/specforge.yml": `generator: { command: ${JSON.stringify(command)} }\npatterns: .specforge/patterns\n`,
      [SPEC_PATH]: SPEC,
    });
    await runAction(ws.sha);
    const next = await ws.commit({ [SPEC_PATH]: SPEC.replace("**Version:** 0.2.0", "**Version:** 0.3.0") }, "version 0.3.0");
    await runAction(next);
  }, 240_000);
  afterAll(() => api.done());

  it("verifies each build after regenerating once", () => {
    expect(runs.map((r) => r.outputs["verdict"])).toEqual(["verified", "verified"]);
  });

  it("opens the learned-patterns pull request once, against the default branch, and updates it on the next build", () => {
    const learned = github.pulls.filter((p) => p.head === "specforge/learned-patterns");
    expect(learned).toHaveLength(1);
    const creates = api.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pulls")).map((r) => r.body as { head: string; base: string });
    expect(creates.filter((b) => b.head === "specforge/learned-patterns")).toEqual([expect.objectContaining({ head: "specforge/learned-patterns", base: "main" })]);
    expect(runs[1]?.calls).toContain(`PATCH /repos/octo-org/octo-repo/pulls/${learned[0]?.number}`);
  });

  it("commits the store to the branch, counting the pattern twice across the two builds, with one prevention test", async () => {
    const store = await ws.showOnOrigin("specforge/learned-patterns", ".specforge/patterns/patterns.json");
    const patterns = JSON.parse(store ?? "{}") as { patterns: Array<{ id: string; seen: number; endpoint: string; strategies: Record<string, { tried: number; worked: number }> }> };
    expect(patterns.patterns.map((p) => [p.endpoint, p.seen, p.strategies["regenerate-with-findings"]])).toEqual([["GET /links/{code}", 2, { tried: 2, worked: 2, meanRecoveryMs: expect.any(Number) }]]);
    const id = patterns.patterns[0]?.id as string;
    expect(await ws.showOnOrigin("specforge/learned-patterns", `.specforge/patterns/prevention/url-shortener/${id}.test.mjs`)).toContain(`pattern ${id}`);
    expect(await ws.originBranchLog("specforge/learned-patterns")).toEqual(["specforge: learned failure patterns", "specforge: learned failure patterns", "add SPEC"]);
  });

  it("lists the pattern in the pull request's body with its counts", () => {
    const learned = github.pulls.find((p) => p.head === "specforge/learned-patterns");
    expect(learned?.body).toMatch(/\| changed \| `[0-9a-f]{16}` \| E3004 verify `GET \/links\/\{code\}` \| [^|]+ \| 2 \| regenerate-with-findings 2\/2 \|/);
  });

  it("names the pattern in the failing phase's check run", () => {
    const verify = [...github.checkRuns.values()].find((c) => c.name === "specforge: url-shortener › verify");
    expect(verify?.output.summary).toMatch(/- Try 1: pattern `[0-9a-f]{16}` \(.+\), seen \d× since \d{4}-\d\d-\d\d.*; regenerate-with-findings/);
  });

  it("makes only requests the real API accepts", () => {
    expect(api.invalidRequests()).toEqual([]);
  });
});
