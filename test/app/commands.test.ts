import { describe, expect, it } from "vitest";
import { toSpecMarker } from "../../src/github/spec-identity.js";
import { examplePayload } from "../helpers/app-harness.js";
import { appSuite } from "../helpers/app-suite.js";
import type { FakeGitHubOptions } from "../helpers/fake-github-state.js";

const REPO = "/repos/Codertocat/Hello-World";
const SPEC = "services/billing/SPEC.md";
const SPEC_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const PR = { number: 1, head: "specforge/billing", base: "master", body: `Proposes billing.\n\n${toSpecMarker(SPEC, SPEC_SHA)}` };

const suite = appSuite(REPO);

const github = (options: FakeGitHubOptions = {}) => suite.github({ pulls: [PR], ...options });

/** The real issue_comment example, adapted to a comment on pull request #1 with our text and author. */
function comment(body: string, user: { login: string; type?: string } = { login: "Codertocat" }) {
  const payload = examplePayload("issue_comment", (p) => p["action"] === "created" && Boolean(p["installation"]));
  const issue = payload["issue"] as Record<string, unknown>;
  issue["number"] = 1;
  issue["pull_request"] = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/1", html_url: "https://github.com/Codertocat/Hello-World/pull/1" };
  const c = payload["comment"] as Record<string, unknown>;
  c["body"] = body;
  c["user"] = { ...(c["user"] as object), login: user.login, type: user.type ?? "User" };
  payload["sender"] = { ...(payload["sender"] as object), login: user.login, type: user.type ?? "User" };
  return payload;
}

describe("who may run /approve", () => {
  it.each(["admin", "maintain", "write"])("%s: accepted, acknowledged with a reaction, and the build dispatched as approved", async (role) => {
    const state = github({ roles: { Codertocat: role } });
    await suite.app.deliver("issue_comment", comment("/approve looks right to me"));
    expect(state.reactions).toEqual(new Set([`${commentId()}:+1`]));
    expect(state.dispatches).toEqual([
      {
        ref: "master",
        inputs: { "spec-path": SPEC, sha: SPEC_SHA, "approval-mode": "auto", generator: "auto", model: "", "requested-by": "Codertocat", approved: "true", notes: "looks right to me" },
      },
    ]);
    expect(state.comments).toEqual([`Approved by @Codertocat; the build of \`${SPEC}\` goes on.`]);
  });

  it.each(["triage", "read", "none"])("%s: refused with one reply that says why", async (role) => {
    const state = github({ roles: role === "none" ? {} : { Codertocat: role } });
    await suite.app.deliver("issue_comment", comment("/approve"));
    expect(state.dispatches).toEqual([]);
    expect(state.comments).toEqual([
      `@Codertocat \`/approve\` needs write, maintain or admin permission on this repository (yours: ${role}), or your name in \`approvers\` in \`.github/specforge.yml\`.`,
    ]);
  });

  it("a name in the configured approvers is accepted without write access", async () => {
    const state = github({ roles: { Codertocat: "read" }, config: "approvers: [Codertocat]\n" });
    await suite.app.deliver("issue_comment", comment("/approve"));
    expect(state.dispatches).toHaveLength(1);
  });
});

describe("comments specforge ignores", () => {
  it("a bot's comment makes no request", async () => {
    github({ roles: { "dependabot[bot]": "write" } });
    await suite.app.deliver("issue_comment", comment("/approve", { login: "dependabot[bot]", type: "Bot" }));
    expect(suite.api.calls()).toEqual([]);
  });

  it("the app's own comment makes no request", async () => {
    github();
    await suite.app.deliver("issue_comment", comment("/help", { login: "specforge[bot]", type: "Bot" }));
    expect(suite.api.calls()).toEqual([]);
  });

  it.each([["a command in the middle of a line", "please /approve this"], ["a quoted command", "> /approve"], ["a command in a code block", "```\n/approve\n```"]])("%s is not a command", async (_name, body) => {
    github({ roles: { Codertocat: "admin" } });
    await suite.app.deliver("issue_comment", comment(body));
    expect(suite.api.calls()).toEqual([]);
  });
});

describe("replies", () => {
  it("an unknown command gets one short reply with the commands", async () => {
    const state = github();
    await suite.app.deliver("issue_comment", comment("/deploy now"));
    expect(state.comments).toHaveLength(1);
    expect(state.comments[0]).toMatch(/^`\/deploy` is not a specforge command\.\n\nspecforge commands/);
  });

  it("/retry with a phase that does not exist is refused with the phases", async () => {
    const state = github({ roles: { Codertocat: "write" } });
    await suite.app.deliver("issue_comment", comment("/retry publish"));
    expect(state.comments).toEqual(['`/retry` takes a phase (analyze, generate, build, verify, deploy), not "publish"']);
  });

  it("/retry build dispatches a build that redoes build and what follows", async () => {
    const state = github({ roles: { Codertocat: "write" } });
    await suite.app.deliver("issue_comment", comment("/retry build"));
    expect((state.dispatches[0]?.["inputs"] as Record<string, string>)["retry-from"]).toBe("build");
    expect(state.comments).toEqual([`Retrying \`${SPEC}\` from the build phase.`]);
  });

  it("a command on a pull request specforge did not open says so", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [{ ...PR, head: "feature/x", body: "hand-written" }] });
    await suite.app.deliver("issue_comment", comment("/status"));
    expect(state.comments).toEqual(["`/status` works on the pull requests specforge opens (branch `specforge/<service>`); this pull request is not one."]);
  });
});

describe("the other commands", () => {
  it("/cancel cancels the running builds of this SPEC only", async () => {
    const state = github({
      roles: { Codertocat: "write" },
      workflowRuns: [
        { id: 11, status: "in_progress", display_title: `specforge: ${SPEC} @ ${SPEC_SHA}` },
        { id: 12, status: "in_progress", display_title: `specforge: services/other/SPEC.md @ ${SPEC_SHA}` },
      ],
    });
    await suite.app.deliver("issue_comment", comment("/cancel"));
    expect(state.cancelled).toEqual([11]);
    expect(state.comments).toEqual([`Cancelled 1 running build of \`${SPEC}\`.`]);
  });

  it("/status lists the build's check runs", async () => {
    const state = github({ roles: {} });
    state.checkRuns.set(5, { id: 5, name: "specforge: billing", head_sha: SPEC_SHA, status: "completed", conclusion: "failure", external_id: null, html_url: "https://github.com/Codertocat/Hello-World/runs/5", output: { title: "Build failure", summary: null, text: null } });
    await suite.app.deliver("issue_comment", comment("/status"));
    expect(state.comments).toEqual([
      [
        `Build of \`${SPEC}\` at \`${SPEC_SHA.slice(0, 7)}\`:`,
        "",
        "| check | status | result |",
        "|---|---|---|",
        "| [specforge: billing](https://github.com/Codertocat/Hello-World/runs/5) | completed | failure: Build failure |",
      ].join("\n"),
    ]);
  });

  it("/rollback <ref> rebuilds the service from that commit", async () => {
    const state = github({ roles: { Codertocat: "maintain" }, commits: { "v1.0": "a".repeat(40) } });
    await suite.app.deliver("issue_comment", comment("/rollback v1.0"));
    expect(state.dispatches.map((d) => (d["inputs"] as Record<string, string>)["sha"])).toEqual(["a".repeat(40)]);
    expect(state.comments).toEqual([`Rolling \`${SPEC}\` back to \`aaaaaaa\`: rebuilding the service from that commit.`]);
  });

  it("/rollback without a ref and no earlier good build says what to do", async () => {
    const state = github({ roles: { Codertocat: "maintain" } });
    await suite.app.deliver("issue_comment", comment("/rollback"));
    expect(state.dispatches).toEqual([]);
    expect(state.comments).toEqual([`There is no earlier successful build of \`${SPEC}\` to roll back to; name one: \`/rollback <ref>\`.`]);
  });
});

describe("the same comment delivered twice", () => {
  it("acts once", async () => {
    const state = github({ roles: { Codertocat: "write" } });
    const payload = comment("/approve");
    await suite.app.deliver("issue_comment", payload, { id: "delivery-x" });
    await suite.app.deliver("issue_comment", payload, { id: "delivery-x" });
    expect(state.dispatches).toHaveLength(1);
    expect(state.comments).toHaveLength(1);
  });

  it("a refused command is answered once", async () => {
    const state = github();
    const payload = comment("/cancel");
    await suite.app.deliver("issue_comment", payload);
    await suite.app.deliver("issue_comment", payload);
    expect(state.comments).toHaveLength(1);
  });
});

function commentId(): number {
  return (examplePayload("issue_comment", (p) => p["action"] === "created" && Boolean(p["installation"]))["comment"] as { id: number }).id;
}
