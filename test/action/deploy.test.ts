import { readFileSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../action/src/main.js";
import { stubRunnerEnv } from "../helpers/action-env.js";
import { actionSuite } from "../helpers/action-suite.js";
import { fakeGitHubState } from "../helpers/fake-github-state.js";
import { createWorkspace } from "../helpers/git-workspace.js";
import { mockGitHub } from "../helpers/github-mock.js";
import { example, fixture } from "../helpers/paths.js";
import { isAlive, waitUntilGone } from "../helpers/process-tracking.js";

const SPEC_PATH = "services/url-shortener/SPEC.md";
const SPEC = readFileSync(example("url-shortener"), "utf8");
const withVersion = (version: string) => SPEC.replace("**Version:** 0.2.0", `**Version:** ${version}`);

actionSuite();

/** A repository whose configuration deploys with the local command target the CLI tests use. */
async function deployingRepository(extra: string, targetArgs: string[] = []) {
  const state = await mkdtemp(path.join(os.tmpdir(), "specforge-target-"));
  const command = [process.execPath, fixture("deploy/local-target.mjs"), state, "dist/src/server.js", ...targetArgs];
  const config = `deploy:\n  environment: staging\n  command: ${JSON.stringify(command)}\n  health: { path: /health, timeout_seconds: 2, interval_ms: 50, successes: 2 }\n${extra}`;
  const ws = await createWorkspace({ ".github/specforge.yml": config, [SPEC_PATH]: withVersion("1.9.0") });
  // GitHub serves a Deployment's commit by its id even after its branch moved on; a bare repository must be told to.
  await simpleGit(ws.origin).raw(["config", "uploadpack.allowAnySHA1InWant", "true"]);
  const stopDeployed = async () => {
    const pid = Number(await readFile(path.join(state, "pid"), "utf8").catch(() => "0"));
    if (pid > 0 && isAlive(pid)) process.kill(-pid, "SIGTERM");
    if (pid > 0) expect(await waitUntilGone(pid)).toBe(true);
  };
  return { ws, state, stopDeployed };
}

async function runAction(ws: Awaited<ReturnType<typeof createWorkspace>>, sha: string, inputs: Record<string, string> = {}) {
  const env = await stubRunnerEnv({ workspace: ws.workspace, sha, tempDir: await mkdtemp(path.join(os.tmpdir(), "specforge-runner-")), inputs: { "spec-path": SPEC_PATH, "github-token": "t", sha, ...inputs } });
  await run({ retryAfterBaseValue: 1, throttle: false });
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  return { outputs: await env.outputs(), summary: await env.summary(), exitCode };
}

describe("the action with a deploy target: a healthy deploy, then an unhealthy one rolled back", () => {
  let api: ReturnType<typeof mockGitHub>;
  let github: ReturnType<typeof fakeGitHubState>;
  let repo: Awaited<ReturnType<typeof deployingRepository>>;
  const runs: Array<Awaited<ReturnType<typeof runAction>>> = [];
  const shas: string[] = [];

  beforeAll(async () => {
    api = mockGitHub();
    repo = await deployingRepository("", ["--unhealthy-version", "2.0.0"]);
    shas.push(repo.ws.sha);
    const commitDetails: Record<string, { author: string; parents: string[] }> = { [repo.ws.sha]: { author: "octocat", parents: [] } };
    github = fakeGitHubState(api, "/repos/octo-org/octo-repo", { commitDetails, contents: { [`${repo.ws.sha}:${SPEC_PATH}`]: withVersion("1.9.0") } });
    runs.push(await runAction(repo.ws, repo.ws.sha));
    // As a runner would, the next build sees the next commit checked out.
    const second = await repo.ws.commit({ [SPEC_PATH]: withVersion("2.0.0") }, "version 2");
    shas.push(second);
    commitDetails[second] = { author: "octocat", parents: [repo.ws.sha] };
    runs.push(await runAction(repo.ws, second));
  }, 240_000);
  afterAll(async () => {
    await repo.stopDeployed();
    api.done();
  });

  it("deploys the verified build as a Deployment of its commit on specforge/<service>, in_progress then success", async () => {
    const [first] = github.deployments;
    const branchHead = (await simpleGit(repo.ws.origin).log(["specforge/url-shortener", "-1"]).catch(() => null))?.latest?.hash;
    expect(first).toMatchObject({ environment: "staging", payload: { specforge: { service: "url-shortener", version: "1.9.0", rollback: "", sourceSha: shas[0], specPath: SPEC_PATH } } });
    expect(first?.statuses.map((s) => s.state)).toEqual(["in_progress", "success", "inactive"]);
    expect(first?.statuses[1]?.environment_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The release is the commit on specforge/<service>: the last one deployed is the branch's head.
    expect(branchHead).toBe(github.deployments[1]?.sha);
    expect(runs[0]?.outputs["verdict"]).toBe("verified");
  });

  it("marks the unhealthy release failed and rolls back with a new Deployment of the last healthy commit", () => {
    const [first, failed, restored] = github.deployments;
    expect(failed).toMatchObject({ payload: { specforge: { version: "2.0.0", rollback: "" } } });
    expect(failed?.statuses.map((s) => s.state)).toEqual(["in_progress", "failure"]);
    expect(restored).toMatchObject({ sha: first?.sha, payload: { specforge: { version: "1.9.0", rollback: "automatic" } } });
    expect(restored?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(github.deployments).toHaveLength(3);
  });

  it("fails the step naming the unhealthy release, and reports the rollback in the summary", () => {
    expect(runs[1]?.exitCode).toBe(1);
    expect(runs[1]?.summary).toContain("E6001");
    expect(runs[1]?.summary).toMatch(/\| deploy \| ❌ failed/);
  });

  it("makes only requests the real API accepts", () => {
    expect(api.invalidRequests()).toEqual([]);
  });
});

describe("risk-graded approvals before deploy", () => {
  let api: ReturnType<typeof mockGitHub>;
  let github: ReturnType<typeof fakeGitHubState>;
  let repo: Awaited<ReturnType<typeof deployingRepository>>;
  let critical = "";
  const results: Array<{ who: string; verdict: string | undefined; deployments: number; gateTitle: string | null | undefined }> = [];

  beforeAll(async () => {
    api = mockGitHub();
    repo = await deployingRepository("approvals: { critical: 2 }\n");
    const first = repo.ws.sha;
    critical = await repo.ws.commit({ [SPEC_PATH]: SPEC.slice(0, SPEC.indexOf("### DELETE /links/{code}")) }, "retire DELETE");
    github = fakeGitHubState(api, "/repos/octo-org/octo-repo", {
      commitDetails: { [first]: { author: "octocat", parents: [] }, [critical]: { author: "octocat", parents: [first] } },
      contents: { [`${first}:${SPEC_PATH}`]: withVersion("1.9.0") },
    });
    const gate = () => [...github.checkRuns.values()].find((c) => c.name.endsWith("› approval"));
    for (const who of ["", "alice", "alice", "octocat", "bob"]) {
      const result = await runAction(repo.ws, critical, who ? { approved: "true", "requested-by": who } : {});
      results.push({ who, verdict: result.outputs["verdict"], deployments: github.deployments.length, gateTitle: gate()?.output.title });
    }
  }, 300_000);
  afterAll(async () => {
    await repo.stopDeployed();
    api.done();
  });

  it("holds a critical change before deploy until two distinct people other than the pusher approve", () => {
    expect(results).toEqual([
      { who: "", verdict: "awaiting-approval", deployments: 0, gateTitle: "Waiting for approval before deploy: 0 of 2 (critical risk)" },
      { who: "alice", verdict: "awaiting-approval", deployments: 0, gateTitle: "Waiting for approval before deploy: 1 of 2 (critical risk)" },
      { who: "alice", verdict: "awaiting-approval", deployments: 0, gateTitle: "Waiting for approval before deploy: 1 of 2 (critical risk)" },
      { who: "octocat", verdict: "awaiting-approval", deployments: 0, gateTitle: "Waiting for approval before deploy: 1 of 2 (critical risk)" },
      { who: "bob", verdict: "verified", deployments: 1, gateTitle: "Approved by @alice, @bob" },
    ]);
  });

  it("says the grade, its reasons with their lines, and why an approval did not count", () => {
    const gate = [...github.checkRuns.values()].find((c) => c.name.endsWith("› approval"));
    expect(gate?.output.summary).toContain("**Risk of the SPEC change: critical**: 2 approvals before deploy; approved so far by @alice, @bob.");
    expect(gate?.output.summary).toContain("- breaking: DELETE /links/{code} was removed (old SPEC line 62)");
    const bodies = api.requests.filter((r) => r.method === "PATCH" && /check-runs\/\d+$/.test(r.path)).map((r) => JSON.stringify(r.body));
    expect(bodies.some((b) => b.includes("Not counted: @alice has already approved it."))).toBe(true);
    expect(bodies.some((b) => b.includes("Not counted: @octocat pushed this change and cannot approve it."))).toBe(true);
  });

  it("shows the grade in the service's pull request", () => {
    expect(github.pulls.find((p) => p.head === "specforge/url-shortener")?.body).toContain("**Risk of the SPEC change: critical** (2 approvals before deploy)");
  });

  it("makes only requests the real API accepts", () => {
    expect(api.invalidRequests()).toEqual([]);
  });
});

describe("approval mode final with a deploy target", () => {
  let api: ReturnType<typeof mockGitHub>;
  let github: ReturnType<typeof fakeGitHubState>;
  let repo: Awaited<ReturnType<typeof deployingRepository>>;
  const results: Array<{ verdict: string | undefined; deployments: number }> = [];

  beforeAll(async () => {
    api = mockGitHub();
    repo = await deployingRepository("");
    github = fakeGitHubState(api, "/repos/octo-org/octo-repo", { commitDetails: { [repo.ws.sha]: { author: "octocat", parents: [] } } });
    const runsInputs: Array<Record<string, string>> = [{ "approval-mode": "final" }, { "approval-mode": "final", approved: "true", "requested-by": "octocat" }];
    for (const inputs of runsInputs) {
      const result = await runAction(repo.ws, repo.ws.sha, inputs);
      results.push({ verdict: result.outputs["verdict"], deployments: github.deployments.length });
    }
  }, 240_000);
  afterAll(async () => {
    await repo.stopDeployed();
    api.done();
  });

  it("waits before deploy, and deploys once approved", () => {
    expect(results).toEqual([
      { verdict: "awaiting-approval", deployments: 0 },
      { verdict: "verified", deployments: 1 },
    ]);
    expect(github.deployments[0]?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
  });
});

describe("the action asked to roll back (/rollback)", () => {
  let api: ReturnType<typeof mockGitHub>;
  let github: ReturnType<typeof fakeGitHubState>;
  let repo: Awaited<ReturnType<typeof deployingRepository>>;
  let rolledBack: Awaited<ReturnType<typeof runAction>>;

  beforeAll(async () => {
    api = mockGitHub();
    repo = await deployingRepository("");
    const commitDetails: Record<string, { author: string; parents: string[] }> = { [repo.ws.sha]: { author: "octocat", parents: [] } };
    github = fakeGitHubState(api, "/repos/octo-org/octo-repo", { commitDetails, contents: { [`${repo.ws.sha}:${SPEC_PATH}`]: withVersion("1.9.0") } });
    await runAction(repo.ws, repo.ws.sha);
    const second = await repo.ws.commit({ [SPEC_PATH]: withVersion("1.9.1") }, "version 1.9.1");
    commitDetails[second] = { author: "octocat", parents: [repo.ws.sha] };
    await runAction(repo.ws, second);
    const first = github.deployments[0]?.sha as string;
    rolledBack = await runAction(repo.ws, second, { rollback: first, "requested-by": "maintainer" });
  }, 240_000);
  afterAll(async () => {
    await repo.stopDeployed();
    api.done();
  });

  it("deploys the named release again, as a new Deployment of its commit, without building", () => {
    const [first, second, restored] = github.deployments;
    expect(second?.statuses.map((s) => s.state)).toEqual(["in_progress", "success", "inactive"]);
    expect(restored).toMatchObject({ sha: first?.sha, payload: { specforge: { version: "1.9.0", rollback: "requested" } } });
    expect(restored?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(rolledBack.outputs["verdict"]).toBe("rolled-back");
    expect(rolledBack.summary).toMatch(/rollback in staging ✅ healthy/);
  });

  it("makes only requests the real API accepts", () => {
    expect(api.invalidRequests()).toEqual([]);
  });
});
