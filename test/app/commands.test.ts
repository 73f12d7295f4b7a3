import { describe, expect, it } from "vitest";
import { toExternalId } from "../../src/github/check-run-output.js";
import { specKeyOf, toSpecMarker } from "../../src/github/spec-identity.js";
import { examplePayload } from "../helpers/app-harness.js";
import { appSuite } from "../helpers/app-suite.js";
import type { FakeGitHubOptions } from "../helpers/fake-github-state.js";

const REPO = "/repos/Codertocat/Hello-World";
const SPEC = "services/billing/SPEC.md";
const OTHER = "services/ledger/SPEC.md";
const SPEC_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const HEAD_SHA = "a10867b14bb761a232cd80139fbd4c0d33264240";
/** The pull request specforge opened for the billing service. */
const SERVICE_PR = { number: 1, head: "specforge/billing", base: "master", body: `Proposes billing.\n\n${toSpecMarker(SPEC, SPEC_SHA)}` };
/** The author's own pull request that changes a SPEC. */
const AUTHOR_PR = { number: 1, head: "feature/billing", headSha: HEAD_SHA, base: "master", body: "Adds billing.", files: [SPEC, "README.md"] };
const STATUS_URL = "https://github.com/Codertocat/Hello-World/pull/1#issuecomment-1000";

const suite = appSuite(REPO);

const github = (options: FakeGitHubOptions = {}) => suite.github({ pulls: [SERVICE_PR], ...options });
const inputsOf = (state: ReturnType<typeof github>) => state.dispatches.map((d) => d["inputs"] as Record<string, string>);

/** The real issue_comment example, adapted to a comment on pull request #1 with our text and author. */
function comment(body: string, user: { login: string; type?: string } = { login: "Codertocat" }, id?: number) {
  const payload = examplePayload("issue_comment", (p) => p["action"] === "created" && Boolean(p["installation"]));
  const issue = payload["issue"] as Record<string, unknown>;
  issue["number"] = 1;
  issue["pull_request"] = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/1", html_url: "https://github.com/Codertocat/Hello-World/pull/1" };
  const c = payload["comment"] as Record<string, unknown>;
  c["body"] = body;
  if (id !== undefined) c["id"] = id;
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
        inputs: { specs: JSON.stringify([SPEC]), sha: SPEC_SHA, "approval-mode": "auto", generator: "auto", model: "", "requested-by": "Codertocat", approved: "true", notes: "looks right to me" },
      },
    ]);
    expect(state.replies()).toEqual([`Approved by @Codertocat; the build of \`${SPEC}\` goes on. [Status](${STATUS_URL})`]);
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

describe("commands on the author's own pull request", () => {
  it("/retry acts on the SPEC the pull request changes, at its head commit, on its branch", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [AUTHOR_PR] });
    await suite.app.deliver("issue_comment", comment("/retry"));
    expect(state.dispatches).toEqual([
      { ref: "feature/billing", inputs: { specs: JSON.stringify([SPEC]), sha: HEAD_SHA, "approval-mode": "auto", generator: "auto", model: "", "requested-by": "Codertocat" } },
    ]);
    expect(state.replies()).toEqual([`Retrying \`${SPEC}\`; phases already done are resumed. [Status](${STATUS_URL})`]);
  });

  it("with two SPECs, a command without a service asks which and builds nothing", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [{ ...AUTHOR_PR, files: [SPEC, OTHER] }] });
    await suite.app.deliver("issue_comment", comment("/retry"));
    expect(state.dispatches).toEqual([]);
    expect(state.replies()).toEqual(["This pull request builds 2 SPECs; say which: `/retry billing`, `/retry ledger` (or the SPEC's path)."]);
  });

  it("/retry billing build names the service, then the phase", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [{ ...AUTHOR_PR, files: [SPEC, OTHER] }] });
    await suite.app.deliver("issue_comment", comment("/retry billing build"));
    expect(inputsOf(state).map((i) => [i["specs"], i["retry-from"]])).toEqual([[JSON.stringify([SPEC]), "build"]]);
  });

  it("a SPEC built at the head commit counts, though the pull request's files no longer change it", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [{ ...AUTHOR_PR, files: ["README.md"] }] });
    state.checkRuns.set(9, {
      id: 9,
      name: "specforge: ledger",
      head_sha: HEAD_SHA,
      status: "completed",
      conclusion: "failure",
      external_id: "specforge:v2:commit",
      html_url: "https://github.com/Codertocat/Hello-World/runs/9",
      output: { title: "Build failed", summary: null, text: `<!-- specforge-specs:${Buffer.from(JSON.stringify([OTHER])).toString("base64")} -->` },
    });
    await suite.app.deliver("issue_comment", comment("/retry"));
    expect(inputsOf(state).map((i) => i["specs"])).toEqual([JSON.stringify([OTHER])]);
  });

  it("a pull request that builds no SPEC says so", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [{ ...AUTHOR_PR, files: ["README.md"] }] });
    await suite.app.deliver("issue_comment", comment("/retry"));
    expect(state.replies()).toEqual(["`/retry` works on pull requests that build a SPEC; this one changes no SPEC and specforge has built none at its head commit."]);
  });
});

describe("a pull request from a fork", () => {
  const FORK_PR = { ...AUTHOR_PR, fork: true };

  it("is not built by a command from someone without write access, even one named in approvers", async () => {
    const state = github({ roles: { Codertocat: "read" }, config: "approvers: [Codertocat]\n", pulls: [FORK_PR] });
    await suite.app.deliver("issue_comment", comment("/retry"));
    expect(state.dispatches).toEqual([]);
    expect(state.replies()).toEqual(["@Codertocat this pull request comes from a fork: only someone with write, maintain or admin permission may `/retry` it (yours: read)."]);
  });

  it("is built when someone with write access asks, by the base branch's workflow", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [FORK_PR] });
    await suite.app.deliver("issue_comment", comment("/retry"));
    expect(state.dispatches.map((d) => [d["ref"], (d["inputs"] as Record<string, string>)["sha"]])).toEqual([["master", HEAD_SHA]]);
  });
});

describe("the status comment", () => {
  it("is created once, then updated in place with the last command", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [AUTHOR_PR] });
    await suite.app.deliver("issue_comment", comment("/retry", undefined, 11));
    await suite.app.deliver("issue_comment", comment("/retry build", undefined, 12));
    expect(state.statusComments()).toHaveLength(1);
    expect(state.statusComments()[0]?.body).toContain(`**Last command:** \`/retry build\` by @Codertocat: Retrying \`${SPEC}\` from the build phase.`);
    expect(suite.api.calls().filter((c) => c.includes("/issues/1/comments") && c.startsWith("POST"))).toHaveLength(3);
  });

  it("is not duplicated when GitHub delivers the same command twice", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [AUTHOR_PR] });
    const payload = comment("/retry");
    await suite.app.deliver("issue_comment", payload, { id: "twice" });
    await suite.app.deliver("issue_comment", payload, { id: "twice" });
    expect(state.statusComments()).toHaveLength(1);
    expect(state.dispatches).toHaveLength(1);
  });

  it("stays one when two commands race", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [{ ...AUTHOR_PR, files: [SPEC, OTHER] }] });
    await Promise.all([suite.app.deliver("issue_comment", comment("/retry billing", undefined, 21)), suite.app.deliver("issue_comment", comment("/retry ledger", undefined, 22))]);
    expect(state.statusComments()).toHaveLength(1);
    expect(state.dispatches).toHaveLength(2);
  });

  it("is found among more comments than one page holds", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [AUTHOR_PR] });
    for (let i = 0; i < 120; i++) state.issueComments.push({ id: 500 + i, issue: 1, body: `chatter ${i}`, user: { login: "someone", type: "User" }, html_url: "" });
    await suite.app.deliver("issue_comment", comment("/retry", undefined, 31));
    await suite.app.deliver("issue_comment", comment("/retry build", undefined, 32));
    expect(state.statusComments()).toHaveLength(1);
  });

  it("is not confused with someone else's comment that carries the marker", async () => {
    const state = github({ roles: { Codertocat: "write" }, pulls: [AUTHOR_PR] });
    state.issueComments.push({ id: 7, issue: 1, body: "<!-- specforge:status -->\nfake", user: { login: "mallory", type: "User" }, html_url: "" });
    await suite.app.deliver("issue_comment", comment("/retry"));
    expect(state.issueComments.find((c) => c.id === 7)?.body).toBe("<!-- specforge:status -->\nfake");
    expect(state.statusComments().filter((c) => c.user.login === "specforge[bot]")).toHaveLength(1);
  });

  it("says which gate waits and who may approve it", async () => {
    const state = github({ roles: { Codertocat: "write" }, config: "approvers: [alice]\n", pulls: [AUTHOR_PR] });
    state.checkRuns.set(8, {
      id: 8,
      name: "specforge: billing › approval",
      head_sha: HEAD_SHA,
      status: "completed",
      conclusion: "action_required",
      external_id: toExternalId({ phase: "approval", specKey: specKeyOf(SPEC), specHash: "s", filesHash: "", generator: "template@1" }),
      html_url: "https://github.com/Codertocat/Hello-World/runs/8",
      output: { title: "Verified; waiting for approval before deploy", summary: null, text: null },
    });
    await suite.app.deliver("issue_comment", comment("/status"));
    expect(state.statusComments()[0]?.body).toContain(
      "**Waiting for approval:** billing (Verified; waiting for approval before deploy). May approve: people with write, maintain or admin permission, and @alice (`approvers`). Comment `/approve [notes]`.",
    );
    expect(state.replies()).toEqual([`[Status](${STATUS_URL}) is up to date.`]);
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
    expect(state.comments).toEqual(['`/retry` takes a service and a phase (analyze, generate, build, verify, deploy), not "publish"']);
  });

  it("/retry build dispatches a build that redoes build and what follows", async () => {
    const state = github({ roles: { Codertocat: "write" } });
    await suite.app.deliver("issue_comment", comment("/retry build"));
    expect(inputsOf(state)[0]?.["retry-from"]).toBe("build");
    expect(state.replies()).toEqual([`Retrying \`${SPEC}\` from the build phase. [Status](${STATUS_URL})`]);
  });

  it("/help lists the grammar", async () => {
    const state = github();
    await suite.app.deliver("issue_comment", comment("/help"));
    expect(state.comments[0]).toContain("- `/retry [service] [phase]`: build again; with a phase, that phase and the later ones are redone");
    expect(state.comments[0]).toContain("`/retry billing build` redoes billing from the build phase");
  });
});

describe("the other commands", () => {
  it("/cancel cancels the running builds of this SPEC only", async () => {
    const state = github({
      roles: { Codertocat: "write" },
      workflowRuns: [
        { id: 11, status: "in_progress", display_title: `specforge: ${SPEC_SHA} ${JSON.stringify([SPEC])}` },
        { id: 12, status: "in_progress", display_title: `specforge: ${SPEC_SHA} ${JSON.stringify([OTHER])}` },
      ],
    });
    await suite.app.deliver("issue_comment", comment("/cancel"));
    expect(state.cancelled).toEqual([11]);
    expect(state.replies()).toEqual([`Cancelled 1 running build of \`${SPEC}\`. [Status](${STATUS_URL})`]);
  });
});

describe("/rollback", () => {
  const DEPLOYS = "deploy:\n  environment: production\n  command: [./deploy.sh]\n";
  const [OLD, CURRENT, BROKEN] = ["1".repeat(40), "2".repeat(40), "3".repeat(40)];
  const history = [
    { sha: OLD, environment: "production", specPath: SPEC, version: "1.0.0", statuses: ["in_progress", "success", "inactive"] },
    { sha: CURRENT, environment: "production", specPath: SPEC, version: "1.1.0", statuses: ["in_progress", "success"] },
    { sha: BROKEN, environment: "production", specPath: SPEC, version: "1.2.0", statuses: ["in_progress", "failure"] },
  ];

  it("restores the healthy release before the current one, by dispatching it to be deployed again", async () => {
    const state = github({ roles: { Codertocat: "maintain" }, config: DEPLOYS, deployments: history });
    await suite.app.deliver("issue_comment", comment("/rollback"));
    expect(inputsOf(state)).toEqual([expect.objectContaining({ specs: JSON.stringify([SPEC]), sha: SPEC_SHA, rollback: OLD, "requested-by": "Codertocat" })]);
    expect(state.replies()).toEqual([`Rolling \`${SPEC}\` back in production to release \`${OLD.slice(0, 12)}\` (1.0.0): deploying it again as it was built. [Status](${STATUS_URL})`]);
  });

  it("restores a named release that ran healthy", async () => {
    const state = github({ roles: { Codertocat: "admin" }, config: DEPLOYS, deployments: history });
    await suite.app.deliver("issue_comment", comment(`/rollback ${CURRENT.slice(0, 7)}`));
    expect(inputsOf(state).map((i) => i["rollback"])).toEqual([CURRENT]);
  });

  it("refuses a release that never ran healthy, saying why", async () => {
    const state = github({ roles: { Codertocat: "maintain" }, config: DEPLOYS, deployments: history });
    await suite.app.deliver("issue_comment", comment(`/rollback ${BROKEN.slice(0, 8)}`));
    expect(state.dispatches).toEqual([]);
    expect(state.replies()).toEqual([`\`${SPEC}\` cannot be rolled back in production: release ${BROKEN.slice(0, 8)} never ran healthy; only a release that did can be restored. [Status](${STATUS_URL})`]);
  });

  it("is refused for someone with write access but not maintain", async () => {
    const state = github({ roles: { Codertocat: "write" }, config: DEPLOYS, deployments: history });
    await suite.app.deliver("issue_comment", comment("/rollback"));
    expect(state.dispatches).toEqual([]);
    expect(state.comments).toEqual([`@Codertocat \`/rollback\` needs maintain or admin permission on this repository (yours: write), or your name in \`approvers\` in \`.github/specforge.yml\`.`]);
  });

  it("says there is nothing to restore when nothing is deployed", async () => {
    const state = github({ roles: { Codertocat: "maintain" } });
    await suite.app.deliver("issue_comment", comment("/rollback"));
    expect(state.dispatches).toEqual([]);
    expect(state.replies()).toEqual([`Nothing is deployed: \`deploy:\` in \`.github/specforge.yml\` names no command, so there is no release to restore. [Status](${STATUS_URL})`]);
  });
});
describe("the same comment delivered twice", () => {
  it("acts once", async () => {
    const state = github({ roles: { Codertocat: "write" } });
    const payload = comment("/approve");
    await suite.app.deliver("issue_comment", payload, { id: "delivery-x" });
    await suite.app.deliver("issue_comment", payload, { id: "delivery-x" });
    expect(state.dispatches).toHaveLength(1);
    expect(state.replies()).toHaveLength(1);
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
