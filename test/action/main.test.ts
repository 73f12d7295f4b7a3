import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "../../action/src/main.js";
import { stubRunnerEnv } from "../helpers/action-env.js";
import { actionSuite } from "../helpers/action-suite.js";
import { fakeGitHubState } from "../helpers/fake-github-state.js";
import { createWorkspace } from "../helpers/git-workspace.js";
import { mockGitHub } from "../helpers/github-mock.js";
import { buildExecutorSpec, fixture } from "../helpers/paths.js";

const SPEC_PATH = "services/build-executor/SPEC.md";
const TOKEN = "ghs_test_token_never_printed";

actionSuite();

type Api = ReturnType<typeof mockGitHub>;
const bodies = (api: Api, method: string, pattern: RegExp) =>
  api.requests.filter((r) => r.method === method && pattern.test(new URL(r.path, "https://x").pathname)).map((r) => r.body as Record<string, unknown>);

describe("the action on the build-executor SPEC: first build, rebuild, re-run", () => {
  let api: Api;
  let github: ReturnType<typeof fakeGitHubState>;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  const runs: Array<{ calls: string[]; outputs: Record<string, string>; summary: string; from: number }> = [];

  const runAction = async (sha: string) => {
    const from = api.requests.length;
    const env = await stubRunnerEnv({
      workspace: ws.workspace,
      sha,
      tempDir: await mkdtemp(path.join(os.tmpdir(), "specforge-runner-")),
      inputs: { "spec-path": SPEC_PATH, "github-token": TOKEN, sha },
    });
    await run({ retryAfterBaseValue: 1, throttle: false });
    runs.push({ calls: api.calls().slice(from), outputs: await env.outputs(), summary: await env.summary(), from });
  };

  beforeAll(async () => {
    api = mockGitHub();
    github = fakeGitHubState(api);
    ws = await createWorkspace({ [SPEC_PATH]: await readFile(buildExecutorSpec, "utf8") });
    await runAction(ws.sha);
    const rebuilt = await ws.commit({ [SPEC_PATH]: (await readFile(buildExecutorSpec, "utf8")).replace("**Version:** 1.0.0", "**Version:** 1.1.0") }, "bump version");
    await runAction(rebuilt);
    await runAction(rebuilt);
  }, 180_000);
  afterAll(() => api.done());

  it("creates and completes one check run per phase, in order", () => {
    expect(runs[0]?.calls).toEqual([
      `GET /repos/octo-org/octo-repo/commits/${ws.sha}/check-runs`,
      "POST /repos/octo-org/octo-repo/check-runs",
      "POST /repos/octo-org/octo-repo/check-runs",
      "PATCH /repos/octo-org/octo-repo/check-runs/2",
      "POST /repos/octo-org/octo-repo/check-runs",
      "PATCH /repos/octo-org/octo-repo/check-runs/3",
      "POST /repos/octo-org/octo-repo/check-runs",
      "PATCH /repos/octo-org/octo-repo/check-runs/4",
      "GET /repos/octo-org/octo-repo/pulls",
      "POST /repos/octo-org/octo-repo/pulls",
    ]);
  });

  it("names each check run after the service and the phase, and concludes each with success", () => {
    expect([...github.checkRuns.values()].slice(0, 4).map((c) => [c.name, c.status, c.conclusion])).toEqual([
      ["specforge: build-executor › analyze", "completed", "success"],
      ["specforge: build-executor › generate", "completed", "success"],
      ["specforge: build-executor › build", "completed", "success"],
      ["specforge: build-executor › verify", "completed", "success"],
    ]);
  });

  it("starts phases in_progress, links details to the workflow run and says the result in the title", () => {
    const created = bodies(api, "POST", /check-runs$/).slice(0, 4);
    expect(created.map((b) => b["status"])).toEqual(["completed", "in_progress", "in_progress", "in_progress"]);
    expect(created.every((b) => b["details_url"] === "https://github.com/octo-org/octo-repo/actions/runs/4242")).toBe(true);
    expect([...github.checkRuns.values()].slice(0, 4).map((c) => c.output.title)).toEqual([
      "build-executor 1.0.0: 12 endpoints, 1 warning",
      "Service generated with " + String([...github.checkRuns.values()][1]?.output.title).replace("Service generated with ", ""),
      "Installed, compiled, and the service's own tests passed",
      "12/12 endpoints verified",
    ]);
    expect([...github.checkRuns.values()][3]?.output.summary).toContain("### Endpoints (12/12 verified)");
  });

  it("sets the outputs", () => {
    const outputs = runs[0]?.outputs ?? {};
    expect(outputs["verdict"]).toBe("verified");
    expect(outputs["pull-request-url"]).toBe("https://github.com/octo-org/octo-repo/pull/7");
    expect(JSON.parse(outputs["check-run-ids"] ?? "{}")).toEqual({ analyze: 1, generate: 2, build: 3, verify: 4 });
    expect(outputs["report-path"]).toMatch(/specforge-build-executor\.md$/);
  });

  it("writes the report to the job summary", () => {
    expect(runs[0]?.summary).toContain("## build-executor: ✅ verified");
    expect(runs[0]?.summary).toContain("[verify](https://github.com/octo-org/octo-repo/runs/4)");
    expect(runs[0]?.summary).toContain("Pull request: https://github.com/octo-org/octo-repo/pull/7 (opened)");
  });

  it("pushes the service to specforge/build-executor and opens one pull request against main", async () => {
    expect(github.pulls).toHaveLength(1);
    expect(bodies(api, "POST", /pulls$/)[0]).toMatchObject({ head: "specforge/build-executor", base: "main", title: "specforge: build-executor 1.0.0" });
    expect(JSON.parse((await ws.showOnOrigin("specforge/build-executor", "services/build-executor/service/package.json")) ?? "{}").version).toBe("1.1.0");
    expect(await ws.showOnOrigin("specforge/build-executor", "services/build-executor/service/node_modules/ws/package.json")).toBeNull();
  });

  it("updates the same pull request on a rebuild instead of opening another", () => {
    expect(runs[1]?.calls.slice(-2)).toEqual(["GET /repos/octo-org/octo-repo/pulls", "PATCH /repos/octo-org/octo-repo/pulls/7"]);
    expect(github.pulls[0]?.title).toBe("specforge: build-executor 1.1.0");
    expect(runs[1]?.summary).toContain("(updated)");
  });

  it("force-pushes the branch so it holds only the latest build", async () => {
    expect(await ws.originBranchLog("specforge/build-executor")).toEqual(["specforge: generate build-executor 1.1.0", "bump version", "add SPEC"]);
  });

  it("resumes on a re-run of the same commit: build and verify are not redone and no check run is duplicated", () => {
    const rerun = runs[2];
    expect(rerun?.outputs["verdict"]).toBe("verified");
    expect(rerun?.calls.filter((c) => c === "POST /repos/octo-org/octo-repo/check-runs")).toEqual([]);
    expect(rerun?.summary).toMatch(/\| build \| ♻️ resumed/);
    expect(rerun?.summary).toMatch(/\| verify \| ♻️ resumed/);
  });

  it("never prints the token", () => {
    expect(runs.map((r) => r.summary).join("")).not.toContain(TOKEN);
  });

  it("makes only requests the real API accepts", () => {
    expect(api.invalidRequests()).toEqual([]);
  });
});

describe("the action on a SPEC with errors", () => {
  let api: Api;
  let github: ReturnType<typeof fakeGitHubState>;
  let outputs: Record<string, string> = {};
  let summary = "";
  let exitCode: number | string | undefined;

  beforeAll(async () => {
    api = mockGitHub();
    github = fakeGitHubState(api);
    const ws = await createWorkspace({ "services/broken/SPEC.md": await readFile(fixture("specs/invalid-json.md"), "utf8") });
    const env = await stubRunnerEnv({ workspace: ws.workspace, sha: ws.sha, tempDir: ws.root, inputs: { "spec-path": "services/broken/SPEC.md", "github-token": TOKEN } });
    await run({ retryAfterBaseValue: 1, throttle: false });
    exitCode = process.exitCode;
    outputs = await env.outputs();
    summary = await env.summary();
  });
  afterAll(() => api.done());

  it("fails the analyze check run with an annotation on the broken line", () => {
    const analyze = bodies(api, "POST", /check-runs$/)[0];
    expect(analyze).toMatchObject({ name: "specforge: broken-json › analyze", conclusion: "failure" });
    const annotations = (analyze?.["output"] as { annotations: Array<{ annotation_level: string; start_line: number; title: string }> }).annotations;
    expect(annotations.filter((a) => a.annotation_level === "failure")).toEqual([
      { path: "services/broken/SPEC.md", start_line: 11, end_line: 11, annotation_level: "failure", message: "invalid JSON example: ',' expected", title: "E1002" },
    ]);
    expect(annotations.filter((a) => a.annotation_level === "warning").map((a) => [a.start_line, a.title])).toEqual([
      [1, "E1003 GET /capabilities"],
      [1, "E1003 GET /state"],
      [1, "E1003 GET /dependencies"],
      [1, "E1003 POST /message"],
    ]);
  });

  it("marks the later phases skipped", () => {
    expect([...github.checkRuns.values()].map((c) => c.conclusion)).toEqual(["failure", "skipped", "skipped", "skipped"]);
  });

  it("opens no pull request and pushes nothing", () => {
    expect(api.calls().filter((c) => c.includes("/pulls"))).toEqual([]);
  });

  it("fails the step with the reason and says so in the outputs and summary", () => {
    expect(exitCode).toBe(1);
    expect(outputs["verdict"]).toBe("failed");
    expect(summary).toContain("## broken-json: ❌ not verified");
  });

  it("makes only requests the real API accepts", () => {
    expect(api.invalidRequests()).toEqual([]);
  });
});

describe("GitHub failing while the action reports", () => {
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  beforeEach(async () => {
    ws = await createWorkspace({ "services/broken/SPEC.md": await readFile(fixture("specs/invalid-json.md"), "utf8") });
  });

  it("retries a 502 and the check run lands", async () => {
    const api = mockGitHub();
    let failures = 1;
    api.on("POST", /check-runs$/, (r) => {
      if (failures-- > 0) return [502, { message: "Bad Gateway" }];
      return [201, { id: 99, html_url: "https://github.com/octo-org/octo-repo/runs/99", ...(r.body as object) }];
    });
    fakeGitHubState(api);
    await stubRunnerEnv({ workspace: ws.workspace, sha: ws.sha, tempDir: ws.root, inputs: { "spec-path": "services/broken/SPEC.md", "github-token": TOKEN } });
    await run({ retryAfterBaseValue: 1, throttle: false });
    expect(api.calls().slice(0, 3)).toEqual([
      `GET /repos/octo-org/octo-repo/commits/${ws.sha}/check-runs`,
      "POST /repos/octo-org/octo-repo/check-runs",
      "POST /repos/octo-org/octo-repo/check-runs",
    ]);
    expect(api.requests[2]?.body).toMatchObject({ name: "specforge: broken-json › analyze", conclusion: "failure" });
    api.done();
  });

  it("keeps the verdict in the summary and outputs when check runs cannot be created at all", async () => {
    const api = mockGitHub();
    api.on("POST", /check-runs$/, [500, { message: "Internal Server Error" }]);
    fakeGitHubState(api);
    const env = await stubRunnerEnv({ workspace: ws.workspace, sha: ws.sha, tempDir: ws.root, inputs: { "spec-path": "services/broken/SPEC.md", "github-token": TOKEN } });
    await run({ retryAfterBaseValue: 1, throttle: false });
    const outputs = await env.outputs();
    expect(outputs["verdict"]).toBe("failed");
    expect(outputs["check-run-ids"]).toBe("{}");
    const summary = await env.summary();
    expect(summary).toContain("## broken-json: ❌ not verified");
    expect(summary).toContain("could not complete the analyze check run: Internal Server Error");
    expect(api.invalidRequests()).toEqual([]);
    api.done();
  });
});

describe("a repository whose .github/specforge.yml is invalid", () => {
  it("fails the step with every bad key, before building anything", async () => {
    const api = mockGitHub();
    fakeGitHubState(api);
    const ws = await createWorkspace({
      "services/notes/SPEC.md": await readFile(fixture("specs/minimal.md"), "utf8"),
      ".github/specforge.yml": "retries:\n  build: 9\napproval: sometimes\n",
    });
    await stubRunnerEnv({ workspace: ws.workspace, sha: ws.sha, tempDir: ws.root, inputs: { "spec-path": "services/notes/SPEC.md", "github-token": TOKEN } });
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => printed.push(String(chunk)) > 0);
    await run({ retryAfterBaseValue: 1, throttle: false });
    write.mockRestore();
    expect(process.exitCode).toBe(1);
    // The runner reads ::error:: lines; newlines inside are escaped as %0A.
    expect(printed.join("")).toContain(
      '::error::.github/specforge.yml is invalid:%0A- `approval`: must be one of auto, checkpoints, final, not "sometimes"%0A- `retries.build`: must be a whole number from 1 to 5',
    );
    expect(api.calls().filter((c) => c.startsWith("POST"))).toEqual([]);
    expect(api.invalidRequests()).toEqual([]);
    api.done();
  });
});

describe("a repository that does not let GITHUB_TOKEN open pull requests", () => {
  it("still reports the verified build and says how to allow the pull request", async () => {
    const api = mockGitHub();
    api.on("POST", /\/pulls$/, [403, { message: "GitHub Actions is not permitted to create or approve pull requests." }]);
    fakeGitHubState(api);
    const ws = await createWorkspace({ "services/notes/SPEC.md": await readFile(fixture("specs/minimal.md"), "utf8") });
    const env = await stubRunnerEnv({ workspace: ws.workspace, sha: ws.sha, tempDir: ws.root, inputs: { "spec-path": "services/notes/SPEC.md", "github-token": TOKEN } });
    await run({ retryAfterBaseValue: 1, throttle: false });
    const outputs = await env.outputs();
    expect([outputs["verdict"], outputs["pull-request-url"]]).toEqual(["verified", ""]);
    expect(await env.summary()).toContain("could not publish the pull request: GitHub Actions is not permitted to create or approve pull requests. (a repository may forbid GITHUB_TOKEN");
    expect(api.invalidRequests()).toEqual([]);
    api.done();
  }, 60_000);
});
