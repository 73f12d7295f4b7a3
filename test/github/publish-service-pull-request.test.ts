import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { simpleGit } from "simple-git";
import { beforeAll, describe, expect, it } from "vitest";
import { createOctokit } from "../../src/github/create-octokit.js";
import { readGitAccess, type GitAccess } from "../../src/github/git-access.js";
import { publishServicePullRequest } from "../../src/github/publish-service-pull-request.js";
import { stashPersistedCredentials } from "../../src/github/stash-persisted-credentials.js";
import { actionSuite } from "../helpers/action-suite.js";
import { createWorkspace } from "../helpers/git-workspace.js";
import { mockGitHub } from "../helpers/github-mock.js";

actionSuite();

const AUTHOR = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" };

/** A checkout as actions/checkout makes it by default: one commit deep (a shallow clone of origin). */
async function shallowCheckout() {
  const ws = await createWorkspace({ "services/notes/SPEC.md": "# notes\n" });
  const second = await ws.commit({ "README.md": "hello\n" }, "second");
  const workspace = path.join(ws.root, "shallow");
  await simpleGit().clone(`file://${ws.origin}`, workspace, ["--depth", "1"]);
  return { ...ws, workspace, sha: second };
}

/** A generated service, with build output that never goes in the pull request. */
async function writeService(serviceDir: string) {
  await mkdir(path.join(serviceDir, "src"), { recursive: true });
  await mkdir(path.join(serviceDir, "node_modules/ws"), { recursive: true });
  await writeFile(path.join(serviceDir, "package.json"), '{"name":"notes"}\n');
  await writeFile(path.join(serviceDir, "src/server.ts"), "export {};\n");
  await writeFile(path.join(serviceDir, "node_modules/ws/index.js"), "module.exports = 1;\n");
}

/** Opens the pull request as the Action does; `access` is read from the checkout unless given (as read earlier). */
async function publish(ws: Awaited<ReturnType<typeof shallowCheckout>>, read?: GitAccess) {
  const api = mockGitHub();
  api.on("GET", /\/pulls$/, [200, []]).on("POST", /\/pulls$/, [201, { number: 3, html_url: "https://github.com/octo-org/octo-repo/pull/3" }]);
  const access = read ?? (await readGitAccess(ws.workspace, { serverUrl: "https://github.com", token: "ghs_push_only" }));
  const serviceDir = path.join(ws.workspace, "services/notes/service");
  await writeService(serviceDir);
  try {
    const published = await publishServicePullRequest(createOctokit({ auth: "t", throttle: false }), {
      repo: { owner: "octo-org", repo: "octo-repo" },
      workspace: ws.workspace,
      access,
      serviceDir,
      sha: ws.sha,
      baseBranch: "main",
      service: "notes",
      version: "1.0.0",
      specPath: "services/notes/SPEC.md",
      body: "the service",
      author: AUTHOR,
    });
    expect(api.invalidRequests()).toEqual([]);
    return published;
  } finally {
    api.done();
  }
}

describe("the service's pull request from a shallow checkout", () => {
  let ws: Awaited<ReturnType<typeof shallowCheckout>>;
  let published: Awaited<ReturnType<typeof publish>>;
  beforeAll(async () => {
    ws = await shallowCheckout();
    published = await publish(ws);
  });

  it("pushes the service on top of the commit, without build output", async () => {
    const head = (await simpleGit(ws.origin).revparse(["specforge/notes"])).trim();
    expect(published).toEqual({ branch: "specforge/notes", url: "https://github.com/octo-org/octo-repo/pull/3", number: 3, action: "opened", commit: head });
    expect(await ws.originBranchLog("specforge/notes")).toEqual(["specforge: generate notes 1.0.0", "second", "add SPEC"]);
    expect(await ws.showOnOrigin("specforge/notes", "services/notes/service/src/server.ts")).toBe("export {};\n");
    expect(await ws.showOnOrigin("specforge/notes", "services/notes/service/node_modules/ws/index.js")).toBeNull();
  });

  it("leaves the checkout as it was", async () => {
    expect((await simpleGit(ws.workspace).status()).files.map((f) => f.path)).toEqual([
      "services/notes/service/node_modules/ws/index.js",
      "services/notes/service/package.json",
      "services/notes/service/src/server.ts",
    ]);
    expect((await simpleGit(ws.workspace).revparse(["HEAD"])).trim()).toBe(ws.sha);
  });
});

describe("a checkout that generated code has tampered with", () => {
  it("runs none of its hooks and none of the programs its configuration names", async () => {
    const ws = await shallowCheckout();
    const marker = path.join(ws.root, "ran");
    // What the service could leave behind: hooks, a hooks path, an fsmonitor; each would get the push's environment.
    const hook = `#!/bin/sh\necho "$0" >> ${marker}\n`;
    const hooks = path.join(ws.root, "hooks");
    await mkdir(hooks);
    for (const dir of [path.join(ws.workspace, ".git/hooks"), hooks]) {
      for (const name of ["pre-commit", "post-checkout", "pre-push", "reference-transaction"]) {
        await writeFile(path.join(dir, name), hook);
        await chmod(path.join(dir, name), 0o755);
      }
    }
    await writeFile(path.join(hooks, "fsmonitor"), hook);
    await chmod(path.join(hooks, "fsmonitor"), 0o755);
    const access = await readGitAccess(ws.workspace, { serverUrl: "https://github.com", token: "ghs_push_only" });
    const git = simpleGit({ baseDir: ws.workspace, unsafe: { allowUnsafeHooksPath: true, allowUnsafeFsMonitor: true } });
    await git.addConfig("core.hooksPath", hooks).addConfig("core.fsmonitor", path.join(hooks, "fsmonitor"));
    // Read before the tampering, as the Action does: the origin it pushes to stays the one checked out.
    await git.remote(["set-url", "origin", path.join(ws.root, "elsewhere.git")]);
    expect(access.remoteUrl).toBe(`file://${ws.origin}`);
    await publish(ws, access);
    expect(await readFile(marker, "utf8").catch(() => "")).toBe("");
    expect(await ws.showOnOrigin("specforge/notes", "services/notes/service/package.json")).toBe('{"name":"notes"}\n');
  });
});

describe("credentials a workflow persisted", () => {
  it("are out of the checkout's configuration, and the files it includes, until they are put back", async () => {
    const ws = await shallowCheckout();
    const git = simpleGit({ baseDir: ws.workspace, unsafe: { allowUnsafeInclude: true } });
    const included = path.join(ws.root, "credentials.config");
    await writeFile(included, '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic aW5jbHVkZWQ=\n');
    await git.addConfig("http.https://github.com/.extraheader", "AUTHORIZATION: basic cGVyc2lzdGVk").addConfig(`includeIf.gitdir:${ws.workspace}/.git.path`, included);
    const config = path.join(ws.workspace, ".git/config");
    const entries = async () => Promise.all([config, included].map(async (file) => (await simpleGit().raw(["config", "--file", file, "--list"])).split("\n").sort()));
    const before = await entries();
    const stash = await stashPersistedCredentials(ws.workspace, "git");
    expect(stash.count).toBe(2);
    expect([await readFile(config, "utf8"), await readFile(included, "utf8")].join("\n")).not.toMatch(/extraheader|basic/i);
    await stash.restore();
    expect(await entries()).toEqual(before);
  });
});
