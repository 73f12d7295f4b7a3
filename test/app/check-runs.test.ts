import { describe, expect, it } from "vitest";
import { toExternalId } from "../../src/github/check-run-output.js";
import { COMMIT_EXTERNAL_ID, specsText } from "../../src/github/commit-check-run.js";
import { specKeyOf } from "../../src/github/spec-identity.js";
import { examplePayload } from "../helpers/app-harness.js";
import { appSuite } from "../helpers/app-suite.js";
import type { FakeGitHubOptions } from "../helpers/fake-github-state.js";

const REPO = "/repos/Codertocat/Hello-World";
const SPEC = "services/billing/SPEC.md";
const OTHER = "services/ledger/SPEC.md";
const SHA = "5bd5f196a46b8222fb7484f05faba41a73cf34bd";
const OURS = 1494503112;

const suite = appSuite(REPO);
type State = ReturnType<typeof suite.github>;

/** A check run the Action left for one phase (or the gate) of a SPEC on the commit. */
function phaseRun(state: State, id: number, specPath: string, phase: "analyze" | "build" | "verify" | "approval", conclusion: string) {
  const service = specPath.split("/")[1] ?? "";
  state.checkRuns.set(id, {
    id,
    name: `specforge: ${service} › ${phase}`,
    head_sha: SHA,
    status: "completed",
    conclusion,
    external_id: toExternalId({ phase, specKey: specKeyOf(specPath), specHash: "s", filesHash: "f", generator: "template@1" }),
    html_url: `https://github.com/Codertocat/Hello-World/runs/${id}`,
    output: { title: `${phase} ${conclusion}`, summary: null, text: null },
  });
}

/** The app's check run on the commit, as a run that failed left it. */
function ourRun(state: State, specPaths: string[]) {
  state.checkRuns.set(OURS, {
    id: OURS,
    name: "specforge: billing",
    head_sha: SHA,
    status: "completed",
    conclusion: "failure",
    external_id: COMMIT_EXTERNAL_ID,
    html_url: `https://github.com/Codertocat/Hello-World/runs/${OURS}`,
    output: { title: "Build failed", summary: "| service |", text: specsText(specPaths) },
  });
}

function github(options: FakeGitHubOptions = {}) {
  return suite.github(options);
}

/** The real requested_action example, adapted: the button is on our check run. */
function click(identifier: string, login = "codebytere") {
  const payload = examplePayload("check_run", (p) => p["action"] === "requested_action");
  Object.assign(payload["check_run"] as object, { id: OURS, external_id: COMMIT_EXTERNAL_ID, head_sha: SHA, name: "specforge: billing" });
  payload["requested_action"] = { identifier };
  payload["sender"] = { ...(payload["sender"] as object), login };
  payload["repository"] = { ...(payload["repository"] as object), name: "Hello-World", full_name: "Codertocat/Hello-World", owner: { ...((payload["repository"] as { owner: object }).owner), login: "Codertocat" } };
  return payload;
}

/** The real workflow_run example, adapted: our workflow's run for the SPECs, delivered to our installation. */
function completed(conclusion: string, specPaths = [SPEC]) {
  const payload = examplePayload("workflow_run", (p) => p["action"] === "completed");
  payload["installation"] = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  Object.assign(payload["workflow_run"] as object, {
    path: ".github/workflows/specforge.yml",
    display_title: `specforge: ${SHA} ${JSON.stringify(specPaths)}`,
    conclusion,
    head_sha: SHA,
    html_url: "https://github.com/Codertocat/Hello-World/actions/runs/30433642",
  });
  return payload;
}

describe("a build workflow that ends", () => {
  it("in failure creates the app's check run on the commit with the verdict and the Retry and Rollback buttons", async () => {
    const state = github();
    phaseRun(state, 1, SPEC, "analyze", "success");
    phaseRun(state, 2, SPEC, "build", "failure");
    await suite.app.deliver("workflow_run", completed("failure"));
    const created = suite.api.requests.find((r) => r.method === "POST" && r.path.endsWith("/check-runs"))?.body as Record<string, unknown>;
    expect(created).toMatchObject({
      name: "specforge: billing",
      head_sha: SHA,
      status: "completed",
      conclusion: "failure",
      external_id: COMMIT_EXTERNAL_ID,
      details_url: "https://github.com/Codertocat/Hello-World/actions/runs/30433642",
      output: { title: "Build failed: build failure", text: specsText([SPEC]) },
      actions: [
        { identifier: "retry", label: "Retry", description: "Build the failed SPECs again" },
        { identifier: "rollback", label: "Rollback", description: "Rebuild failed ones from last good" },
      ],
    });
    expect((created["output"] as { summary: string }).summary).toContain(
      "| billing | [`services/billing/SPEC.md`](https://github.com/Codertocat/Hello-World/blob/5bd5f196a46b8222fb7484f05faba41a73cf34bd/services/billing/SPEC.md) | ❌ failed | [build failure](https://github.com/Codertocat/Hello-World/runs/2) |",
    );
  });

  it("delivered twice leaves one check run, updated in place", async () => {
    const state = github();
    phaseRun(state, 2, SPEC, "build", "failure");
    await suite.app.deliver("workflow_run", completed("failure"), { id: "run-end" });
    await suite.app.deliver("workflow_run", completed("failure"), { id: "run-end" });
    expect([...state.checkRuns.values()].filter((c) => c.external_id === COMMIT_EXTERNAL_ID)).toHaveLength(1);
  });

  it("with an approval gate waiting asks for approval with an Approve button", async () => {
    const state = github();
    phaseRun(state, 3, SPEC, "verify", "success");
    phaseRun(state, 7, SPEC, "approval", "action_required");
    await suite.app.deliver("workflow_run", completed("success"));
    const ours = [...state.checkRuns.values()].find((c) => c.external_id === COMMIT_EXTERNAL_ID);
    expect(ours).toMatchObject({ conclusion: "action_required" });
    const body = suite.api.requests.find((r) => r.method === "POST" && r.path.endsWith("/check-runs"))?.body as { actions: unknown[] };
    expect(body.actions).toEqual([{ identifier: "approve", label: "Approve", description: "Approve the waiting gates" }]);
  });

  it("keeps the SPECs earlier runs built on the commit, each with its own verdict", async () => {
    const state = github();
    ourRun(state, [OTHER]);
    phaseRun(state, 4, OTHER, "verify", "success");
    phaseRun(state, 5, SPEC, "build", "failure");
    await suite.app.deliver("workflow_run", completed("failure"));
    expect(state.checkRuns.get(OURS)).toMatchObject({ name: "specforge: 2 services", conclusion: "failure", output: { title: "1 of 2 failed", text: specsText([SPEC, OTHER]) } });
  });

  it("whose name GitHub cut short reads its SPECs from its jobs", async () => {
    const state = github({ runJobs: { 30433642: [`build ${SPEC}`, `build ${OTHER}`] } });
    phaseRun(state, 4, OTHER, "verify", "success");
    phaseRun(state, 5, SPEC, "build", "failure");
    const payload = completed("failure", [SPEC, OTHER]);
    Object.assign(payload["workflow_run"] as object, { id: 30433642, display_title: `specforge: ${SHA} ["services/billing/SPEC.md","serv…` });
    await suite.app.deliver("workflow_run", payload);
    expect([...state.checkRuns.values()].find((c) => c.external_id === COMMIT_EXTERNAL_ID)).toMatchObject({ output: { title: "1 of 2 failed", text: specsText([SPEC, OTHER]) } });
  });

  it("brings the status comment of the pull request on that commit up to date", async () => {
    const state = github({ pulls: [{ number: 3, head: "feature/billing", headSha: SHA, body: "Adds billing", files: [SPEC] }] });
    phaseRun(state, 3, SPEC, "verify", "success");
    await suite.app.deliver("workflow_run", completed("success"));
    expect(state.statusComments().map((c) => [c.issue, c.body.split("\n")[5]])).toEqual([
      [3, "| billing | [`services/billing/SPEC.md`](https://github.com/Codertocat/Hello-World/blob/5bd5f196a46b8222fb7484f05faba41a73cf34bd/services/billing/SPEC.md) | ✅ verified | [verify success](https://github.com/Codertocat/Hello-World/runs/3) |"],
    ]);
  });

  it("of another workflow is none of specforge's business", async () => {
    github();
    const payload = completed("success");
    (payload["workflow_run"] as Record<string, unknown>)["path"] = ".github/workflows/ci.yml";
    await suite.app.deliver("workflow_run", payload);
    expect(suite.api.calls().filter((c) => !c.includes("access_tokens") && !c.includes("/contents/"))).toEqual([]);
  });
});

describe("a click on a check-run button", () => {
  it("Retry by someone with write access builds the failed SPECs again and re-queues the check run", async () => {
    const state = github({ roles: { codebytere: "write" } });
    ourRun(state, [SPEC, OTHER]);
    phaseRun(state, 4, OTHER, "verify", "success");
    phaseRun(state, 5, SPEC, "build", "failure");
    await suite.app.deliver("check_run", click("retry"));
    expect(state.dispatches).toEqual([
      { ref: "miniak/event-process-id", inputs: { specs: JSON.stringify([SPEC]), sha: SHA, "approval-mode": "auto", generator: "auto", model: "", "requested-by": "codebytere" } },
    ]);
    expect(state.checkRuns.get(OURS)?.status).toBe("queued");
  });

  it("Approve builds the SPECs whose gate waits, as approved", async () => {
    const state = github({ roles: { codebytere: "admin" } });
    ourRun(state, [SPEC, OTHER]);
    phaseRun(state, 4, OTHER, "verify", "success");
    phaseRun(state, 7, SPEC, "approval", "action_required");
    await suite.app.deliver("check_run", click("approve"));
    expect(state.dispatches.map((d) => [(d["inputs"] as Record<string, string>)["specs"], (d["inputs"] as Record<string, string>)["approved"]])).toEqual([[JSON.stringify([SPEC]), "true"]]);
  });

  it("is refused to someone with read access, and the check run says why", async () => {
    const state = github({ roles: { codebytere: "read" } });
    ourRun(state, [SPEC]);
    await suite.app.deliver("check_run", click("retry"));
    expect(state.dispatches).toEqual([]);
    expect(state.checkRuns.get(OURS)?.output.summary).toContain("@codebytere clicked retry, which needs write, maintain or admin permission (theirs: read)");
  });

  it("on a fork's commit is refused to someone named only in approvers", async () => {
    const state = github({ roles: { codebytere: "read" }, config: "approvers: [codebytere]\n", pulls: [{ number: 4, head: "patch-1", headSha: SHA, body: "", fork: true }] });
    ourRun(state, [SPEC]);
    phaseRun(state, 5, SPEC, "build", "failure");
    await suite.app.deliver("check_run", click("retry"));
    expect(state.dispatches).toEqual([]);
    expect(state.checkRuns.get(OURS)?.output.summary).toContain("@codebytere clicked retry on a commit from a fork, which only someone with write, maintain or admin permission may build (theirs: read).");
  });

  it("acts once when the click is delivered twice", async () => {
    const state = github({ roles: { codebytere: "write" } });
    ourRun(state, [SPEC]);
    phaseRun(state, 5, SPEC, "build", "failure");
    const payload = click("retry");
    await suite.app.deliver("check_run", payload, { id: "click-1" });
    await suite.app.deliver("check_run", payload, { id: "click-1" });
    expect(state.dispatches).toHaveLength(1);
  });

  it("ignores a button on a check run specforge did not create", async () => {
    github({ roles: { codebytere: "write" } });
    const payload = examplePayload("check_run", (p) => p["action"] === "requested_action");
    await suite.app.deliver("check_run", payload);
    expect(suite.api.calls()).toEqual([]);
  });
});
