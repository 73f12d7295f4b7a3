import { describe, expect, it } from "vitest";
import { buildCheckRunName, buildExternalId } from "../../src/github/build-check-run.js";
import { examplePayload } from "../helpers/app-harness.js";
import { appSuite } from "../helpers/app-suite.js";
import type { FakeGitHubOptions } from "../helpers/fake-github-state.js";

const REPO = "/repos/electron/electron";
const SPEC = "services/billing/SPEC.md";
const SHA = "5bd5f196a46b8222fb7484f05faba41a73cf34bd";

const suite = appSuite(REPO);

function github(options: FakeGitHubOptions = {}, repo = REPO) {
  const state = suite.github(options, repo);
  // Our check run for the SPEC, as the push left it after a failed build.
  state.checkRuns.set(1494503112, {
    id: 1494503112,
    name: buildCheckRunName(SPEC),
    head_sha: SHA,
    status: "completed",
    conclusion: "failure",
    external_id: buildExternalId(SPEC),
    html_url: "https://github.com/electron/electron/runs/1494503112",
    output: { title: "Build failure", summary: "Workflow run ended: failure.", text: null },
  });
  return state;
}

/** The real requested_action example, adapted: the button is our Retry on our check run. */
function click(identifier: string, login = "codebytere") {
  const payload = examplePayload("check_run", (p) => p["action"] === "requested_action");
  Object.assign(payload["check_run"] as object, { external_id: buildExternalId(SPEC), head_sha: SHA, name: buildCheckRunName(SPEC) });
  payload["requested_action"] = { identifier };
  payload["sender"] = { ...(payload["sender"] as object), login };
  return payload;
}

describe("a click on a check-run button", () => {
  it("Retry by someone with write access dispatches the build again and re-queues the check run", async () => {
    const state = github({ roles: { codebytere: "write" } });
    await suite.app.deliver("check_run", click("retry"));
    expect(state.dispatches.map((d) => d["inputs"])).toEqual([
      { "spec-path": SPEC, sha: SHA, "approval-mode": "auto", generator: "auto", model: "", "requested-by": "codebytere" },
    ]);
    expect(state.checkRuns.get(1494503112)?.status).toBe("queued");
  });

  it("Approve dispatches the build as approved", async () => {
    const state = github({ roles: { codebytere: "admin" } });
    await suite.app.deliver("check_run", click("approve"));
    expect((state.dispatches[0]?.["inputs"] as Record<string, string>)["approved"]).toBe("true");
  });

  it("is refused to someone with read access, and the check run says why", async () => {
    const state = github({ roles: { codebytere: "read" } });
    await suite.app.deliver("check_run", click("retry"));
    expect(state.dispatches).toEqual([]);
    expect(state.checkRuns.get(1494503112)?.output.summary).toContain("@codebytere clicked retry, which needs write, maintain or admin permission (theirs: read)");
  });

  it("acts once when the click is delivered twice", async () => {
    const state = github({ roles: { codebytere: "write" } });
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

describe("a build workflow that ends", () => {
  const WORKFLOW_REPO = "/repos/Codertocat/Hello-World";
  /** The real workflow_run example, adapted: our workflow's run for the SPEC, delivered to our installation. */
  function completed(conclusion: string) {
    const payload = examplePayload("workflow_run", (p) => p["action"] === "completed");
    payload["installation"] = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
    Object.assign(payload["workflow_run"] as object, {
      path: ".github/workflows/specforge.yml",
      display_title: `specforge: ${SPEC} @ ${SHA}`,
      conclusion,
      head_sha: SHA,
      html_url: "https://github.com/Codertocat/Hello-World/actions/runs/30433642",
    });
    return payload;
  }

  it("in failure puts its verdict and the Retry and Rollback buttons on our check run", async () => {
    const state = github({}, WORKFLOW_REPO);
    await suite.app.deliver("workflow_run", completed("failure"));
    const run = state.checkRuns.get(1494503112);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    const update = suite.api.requests.find((r) => r.method === "PATCH")?.body as { actions: Array<{ identifier: string }> };
    expect(update.actions.map((a) => a.identifier)).toEqual(["retry", "rollback"]);
  });

  it("with an approval gate waiting asks for approval with an Approve button", async () => {
    const state = github({}, WORKFLOW_REPO);
    state.checkRuns.set(7, {
      id: 7,
      name: "specforge: billing › approval",
      head_sha: SHA,
      status: "completed",
      conclusion: "action_required",
      external_id: `specforge:v1:approval:${buildExternalId(SPEC).split(":")[3]}:s:f:template@1`,
      html_url: "",
      output: { title: null, summary: null, text: null },
    });
    await suite.app.deliver("workflow_run", completed("success"));
    expect(state.checkRuns.get(1494503112)).toMatchObject({ conclusion: "action_required" });
    const update = suite.api.requests.find((r) => r.method === "PATCH")?.body as { actions: Array<{ identifier: string; label: string }> };
    expect(update.actions).toEqual([{ identifier: "approve", label: "Approve", description: "Approve the gate; the build goes on" }]);
  });

  it("of another workflow is none of specforge's business", async () => {
    github({}, WORKFLOW_REPO);
    const payload = completed("success");
    (payload["workflow_run"] as Record<string, unknown>)["path"] = ".github/workflows/ci.yml";
    await suite.app.deliver("workflow_run", payload);
    expect(suite.api.calls().filter((c) => !c.includes("access_tokens") && !c.includes("/contents/"))).toEqual([]);
  });
});
