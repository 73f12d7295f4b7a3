import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../action/src/main.js";
import { parseSpecMarker } from "../../src/github/spec-identity.js";
import { stubRunnerEnv } from "../helpers/action-env.js";
import { actionSuite } from "../helpers/action-suite.js";
import { fakeGitHubState } from "../helpers/fake-github-state.js";
import { createWorkspace } from "../helpers/git-workspace.js";
import { mockGitHub } from "../helpers/github-mock.js";
import { fixture } from "../helpers/paths.js";

const SPEC_PATH = "services/notes/SPEC.md";

actionSuite();

async function runAction(ws: Awaited<ReturnType<typeof createWorkspace>>, inputs: Record<string, string>) {
  const env = await stubRunnerEnv({
    workspace: ws.workspace,
    sha: ws.sha,
    tempDir: await mkdtemp(path.join(os.tmpdir(), "specforge-runner-")),
    inputs: { "spec-path": SPEC_PATH, "github-token": "t", ...inputs },
  });
  await run({ retryAfterBaseValue: 1, throttle: false });
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  return { outputs: await env.outputs(), summary: await env.summary(), exitCode };
}

describe("approval mode final", () => {
  let api: ReturnType<typeof mockGitHub>;
  let github: ReturnType<typeof fakeGitHubState>;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let waiting: Awaited<ReturnType<typeof runAction>>;
  let approved: Awaited<ReturnType<typeof runAction>>;

  beforeAll(async () => {
    api = mockGitHub();
    github = fakeGitHubState(api);
    ws = await createWorkspace({ [SPEC_PATH]: await readFile(fixture("specs/minimal.md"), "utf8") });
    waiting = await runAction(ws, { "approval-mode": "final" });
    approved = await runAction(ws, { "approval-mode": "final", approved: "true", "requested-by": "octocat", notes: "ship it" });
  }, 120_000);
  afterAll(() => api.done());

  it("verifies, then waits for approval without failing the step", () => {
    expect(waiting.outputs["verdict"]).toBe("awaiting-approval");
    expect(waiting.exitCode).toBeUndefined();
  });

  it("leaves an action_required approval check run for the app to put an Approve button on", () => {
    const gate = [...github.checkRuns.values()].find((c) => c.name === "specforge: notes › approval");
    expect(gate?.external_id).toMatch(/^specforge:v1:approval:/);
    expect(bodiesFor(api, gate?.id ?? 0)[0]).toMatchObject({ conclusion: "action_required", output: { title: "Verified; waiting for approval before deploy" } });
  });

  it("proposes the verified service with the SPEC and commit recorded for the commands", () => {
    expect(github.pulls).toHaveLength(1);
    expect(parseSpecMarker(github.pulls[0]?.body)).toEqual({ specPath: SPEC_PATH, sha: ws.sha });
  });

  it("once approved, resumes the verified build and marks the gate approved by whom", () => {
    expect(approved.outputs["verdict"]).toBe("verified");
    expect(approved.summary).toMatch(/\| verify \| ♻️ resumed/);
    const gate = [...github.checkRuns.values()].find((c) => c.name === "specforge: notes › approval");
    expect(gate).toMatchObject({ conclusion: "success", output: { title: "Approved by @octocat", summary: "Notes: ship it" } });
  });

  it("makes only requests the real API accepts", () => {
    expect(api.invalidRequests()).toEqual([]);
  });
});

describe("approval mode checkpoints", () => {
  let api: ReturnType<typeof mockGitHub>;
  let github: ReturnType<typeof fakeGitHubState>;
  let result: Awaited<ReturnType<typeof runAction>>;

  beforeAll(async () => {
    api = mockGitHub();
    github = fakeGitHubState(api);
    const ws = await createWorkspace({ [SPEC_PATH]: await readFile(fixture("specs/minimal.md"), "utf8") });
    result = await runAction(ws, { "approval-mode": "checkpoints" });
  }, 60_000);
  afterAll(() => api.done());

  it("stops after generation: build and verify wait for the approval", () => {
    expect(result.outputs["verdict"]).toBe("awaiting-approval");
    expect([...github.checkRuns.values()].map((c) => [c.name, c.conclusion])).toEqual([
      ["specforge: notes › analyze", "success"],
      ["specforge: notes › generate", "success"],
      ["specforge: notes › build", "skipped"],
      ["specforge: notes › verify", "skipped"],
      ["specforge: notes › approval", "action_required"],
    ]);
  });

  it("proposes the generated code for review, saying it is not built yet", () => {
    expect(github.pulls[0]?.body).toContain("It is **waiting for approval** before it is built and verified");
  });

  it("makes only requests the real API accepts", () => {
    expect(api.invalidRequests()).toEqual([]);
  });
});

function bodiesFor(api: ReturnType<typeof mockGitHub>, id: number) {
  return api.requests.filter((r) => r.method !== "GET" && (r.path.endsWith(`/check-runs/${id}`) || (r.body as { name?: string })?.name === "specforge: notes › approval")).map((r) => r.body);
}
