import { describe, expect, it } from "vitest";
import { DISPATCH_LIMITS } from "../../src/github/dispatch-build.js";
import { examplePayload } from "../helpers/app-harness.js";
import { appSuite } from "../helpers/app-suite.js";
import type { FakeGitHubOptions } from "../helpers/fake-github-state.js";

const REPO = "/repos/Codertocat/Hello-World";
const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

const suite = appSuite(REPO);
const github = (options: FakeGitHubOptions = {}) => suite.github(options);
const writes = () => suite.api.calls().filter((c) => !c.startsWith("GET") && !c.includes("/access_tokens"));

/** The real push example from webhooks-examples: a new branch `master` with one commit. */
function push(files: { added?: string[]; modified?: string[]; removed?: string[] }, overrides: Record<string, unknown> = {}) {
  const payload = examplePayload("push", (p) => p["ref"] === "refs/heads/master");
  const commits = payload["commits"] as Array<Record<string, unknown>>;
  Object.assign(commits[0] as object, { added: [], modified: [], removed: [], ...files });
  return { ...payload, ...overrides };
}

const specs = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `services/svc-${String(from + i).padStart(3, "0")}/SPEC.md`);

describe("a push that adds a SPEC", () => {
  it("dispatches the workflow once with the SPEC, and that dispatch is its only write", async () => {
    const state = github();
    const res = await suite.app.deliver("push", push({ added: ["services/billing/SPEC.md", "README.md"] }));
    expect(res.status).toBe(200);
    expect(suite.api.calls()).toEqual([
      "POST /app/installations/1/access_tokens",
      `GET ${REPO}/contents/.github%2Fspecforge.yml`,
      "GET /repos/Codertocat/.github/contents/.github%2Fspecforge.yml",
      `GET ${REPO}/actions/workflows/specforge.yml/runs`,
      `POST ${REPO}/actions/workflows/specforge.yml/dispatches`,
    ]);
    expect(state.dispatches).toEqual([
      { ref: "master", inputs: { specs: '["services/billing/SPEC.md"]', sha: SHA, "approval-mode": "auto", generator: "auto", model: "" } },
    ]);
    expect(state.checkRuns.size).toBe(0);
  });

  it("dispatches once when GitHub delivers the same push twice", async () => {
    const state = github();
    const payload = push({ added: ["services/billing/SPEC.md"] });
    await suite.app.deliver("push", payload, { id: "same-delivery" });
    await suite.app.deliver("push", payload, { id: "same-delivery" });
    expect(state.dispatches).toHaveLength(1);
  });

  it("uses the configured globs and approval mode", async () => {
    const state = github({ config: "specs: ['specs/*.md']\napproval: final\n" });
    await suite.app.deliver("push", push({ added: ["specs/billing.md", "services/other/SPEC.md"] }));
    expect(state.dispatchedSpecs()).toEqual(["specs/billing.md"]);
    expect((state.dispatches[0]?.["inputs"] as Record<string, string>)["approval-mode"]).toBe("final");
  });
});

describe("a push that changes many SPECs", () => {
  it("makes one write for 200 SPECs, as for one: a dispatch that carries them all", async () => {
    const state = github();
    await suite.app.deliver("push", push({ added: specs(200) }));
    expect(writes()).toEqual([`POST ${REPO}/actions/workflows/specforge.yml/dispatches`]);
    expect(state.dispatchedSpecs()).toEqual(specs(200));
  });

  it(`splits past ${DISPATCH_LIMITS.specsPerDispatch} SPECs (GitHub's matrix limit) into dispatches of that size`, async () => {
    const state = github();
    await suite.app.deliver("push", push({ added: specs(600) }));
    expect(state.dispatches.map((d) => (JSON.parse((d["inputs"] as Record<string, string>)["specs"] as string) as string[]).length)).toEqual([256, 256, 88]);
    expect(state.dispatchedSpecs()).toEqual(specs(600));
  });

  it("keeps each dispatch's SPEC list under GitHub's 65,535-character limit for inputs", async () => {
    const state = github();
    const long = Array.from({ length: 200 }, (_, i) => `services/${"x".repeat(400)}-${i}/SPEC.md`);
    await suite.app.deliver("push", push({ added: long }));
    expect(state.dispatches.length).toBeGreaterThan(1);
    expect(state.dispatches.every((d) => JSON.stringify(d["inputs"]).length < 65_535)).toBe(true);
    expect([...state.dispatchedSpecs()].sort()).toEqual([...long].sort());
  });
});

describe("a burst of pushes", () => {
  it("answers 200 concurrent deliveries with 2xx and dispatches every SPEC exactly once, one write each", async () => {
    const state = github();
    const payloads = Array.from({ length: 200 }, (_, i) => push({ added: specs(1, i) }, { after: (i + 1).toString(16).padStart(40, "0") }));
    const answers = await Promise.all(payloads.map((p, i) => suite.app.deliver("push", p, { id: `burst-${i}` })));
    expect(answers.every((a) => a.status >= 200 && a.status < 300)).toBe(true);
    expect([...state.dispatchedSpecs()].sort()).toEqual(specs(200));
    expect(writes()).toHaveLength(200);
  });
});

describe("a delivery cut short", () => {
  it("before its dispatch is completed by its redelivery, which dispatches once", async () => {
    const state = github({ dispatchFailures: 1 });
    const payload = push({ added: ["services/billing/SPEC.md"] });
    expect((await suite.app.deliver("push", payload, { id: "cut-short" })).status).toBeGreaterThanOrEqual(500);
    expect(state.dispatches).toEqual([]);
    expect((await suite.app.deliver("push", payload, { id: "cut-short" })).status).toBe(200);
    expect(state.dispatchedSpecs()).toEqual(["services/billing/SPEC.md"]);
  });
});

describe("pushes that start no build", () => {
  it.each([
    ["a removed SPEC", push({ removed: ["services/billing/SPEC.md"] })],
    ["a SPEC added then removed in the same push", push({ added: ["services/billing/SPEC.md"] }, { commits: [{ added: ["services/billing/SPEC.md"], modified: [], removed: [] }, { added: [], modified: [], removed: ["services/billing/SPEC.md"] }] })],
    ["no SPEC at all", push({ modified: ["README.md"] })],
  ])("%s dispatches nothing", async (_name, payload) => {
    const state = github();
    await suite.app.deliver("push", payload);
    expect(state.dispatches).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it.each([
    ["a tag push", examplePayload("push", (p) => p["ref"] === "refs/tags/simple-tag" && p["deleted"] === false)],
    ["a branch deletion", push({ added: ["services/billing/SPEC.md"] }, { deleted: true, after: "0000000000000000000000000000000000000000" })],
    ["a push by the app itself", push({ added: ["services/billing/SPEC.md"] }, { sender: { login: "specforge[bot]", type: "Bot", id: 2 } })],
    ["a push to a specforge/ branch", push({ added: ["services/billing/SPEC.md"] }, { ref: "refs/heads/specforge/billing" })],
  ])("%s makes no request at all", async (_name, payload) => {
    github();
    expect((await suite.app.deliver("push", payload)).status).toBe(200);
    expect(suite.api.calls()).toEqual([]);
  });
});

describe("a truncated push", () => {
  it("finds the SPECs with the compare API", async () => {
    const state = github({ compareFiles: [{ filename: "services/billing/SPEC.md", status: "modified" }, { filename: "services/old/SPEC.md", status: "removed" }] });
    const payload = push({}, { before: "9049f1265b7d61be4a8904a9a27120d2064dab3b", commits: [] });
    await suite.app.deliver("push", payload);
    expect(suite.api.calls()).toContain(`GET ${REPO}/compare/9049f1265b7d61be4a8904a9a27120d2064dab3b...${SHA}`);
    expect(state.dispatchedSpecs()).toEqual(["services/billing/SPEC.md"]);
  });
});

describe("a repository without the workflow", () => {
  it("says so in a check run, with what to do", async () => {
    const state = github({ workflowExists: false });
    await suite.app.deliver("push", push({ added: ["services/billing/SPEC.md"] }));
    const [run] = [...state.checkRuns.values()];
    expect(run).toMatchObject({ name: "specforge: billing", status: "completed", conclusion: "action_required" });
    expect(run?.output.title).toBe("Add .github/workflows/specforge.yml to build this SPEC");
    expect(run?.output.summary).toContain("Copy specforge's `specforge.yml` workflow into `.github/workflows/specforge.yml` on `master`");
  });
});

describe("an invalid .github/specforge.yml", () => {
  it("reports every bad key in a failed check run and dispatches nothing", async () => {
    const state = github({ config: "approval: sometimes\nretries:\n  build: 9\ncolour: blue\n" });
    await suite.app.deliver("push", push({ added: ["services/billing/SPEC.md"] }));
    expect(state.dispatches).toEqual([]);
    const [run] = [...state.checkRuns.values()];
    expect(run).toMatchObject({ name: "specforge: configuration", conclusion: "failure" });
    expect(run?.output.summary).toBe(
      [
        ".github/specforge.yml is invalid:",
        "- `colour`: unknown key (known: specs, approval, generator, target, model, approvers, deploy, patterns, approvals, retries, verify, workflow)",
        '- `approval`: must be one of auto, checkpoints, final, not "sometimes"',
        "- `retries.build`: must be a whole number from 1 to 5",
      ].join("\n"),
    );
  });
});

describe("webhook signatures", () => {
  it("rejects a delivery with a bad signature and acts on nothing", async () => {
    github();
    const res = await suite.app.deliver("push", push({ added: ["services/billing/SPEC.md"] }), { signature: "sha256=" + "0".repeat(64) });
    expect(res.status).toBe(400);
    expect(suite.api.calls()).toEqual([]);
  });
});
