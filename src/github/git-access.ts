import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { pathExists } from "../core/path-exists.js";
import { systemProgram } from "../core/system-program.js";
import { safeEnv } from "../verify/create-process-runner.js";

/**
 * What the branch push needs from the checkout, read before any generated
 * code runs. Generated code runs as the same user and can rewrite the
 * checkout's `.git` (hooks, `core.fsmonitor`, a proxy, the remote's URL) and
 * put a `git` of its own on PATH; so the push later runs the system's git, in
 * a repository of its own that only borrows the checkout's objects, to the
 * URL read here, with the token in that one process's environment.
 */
export interface GitAccess {
  /** The system's git, by absolute path. */
  git: string;
  /** `origin` as actions/checkout set it. */
  remoteUrl: string;
  /** The checkout's object store and, for a shallow clone, its shallow file: data, read by git, never run. */
  objectsDir: string;
  shallowFile: string;
  /** The server's origin (`https://github.com`, a GHES host): the only place the token is sent. */
  serverUrl: string;
  token: string;
}

export async function readGitAccess(workspace: string, options: { serverUrl: string; token: string }): Promise<GitAccess> {
  const git = systemProgram("git");
  const repo = cleanGit(workspace, git);
  const remoteUrl = (await repo.remote(["get-url", "origin"]))?.trim() ?? "";
  const commonDir = path.resolve(workspace, (await repo.revparse(["--git-common-dir"])).trim());
  return { git, remoteUrl, objectsDir: path.join(commonDir, "objects"), shallowFile: path.join(commonDir, "shallow"), serverUrl: new URL(options.serverUrl).origin, token: options.token };
}

/**
 * Git with none of the user's global configuration (generated code can write
 * `~/.gitconfig` too), no hooks, and no prompt; `config` adds settings for
 * this process only, through its environment (never its command line, which
 * any process can read).
 */
export function cleanGit(baseDir: string, git: string, config: ReadonlyArray<readonly [string, string]> = []): SimpleGit {
  const all = [["core.hooksPath", os.devNull], ["core.fsmonitor", "false"], ...config] as const;
  const env: Record<string, string> = safeEnv(process.env, { GIT_CONFIG_GLOBAL: os.devNull, GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_COUNT: String(all.length) });
  all.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  // simple-git refuses these settings by default, as they could run programs when they come from
  // untrusted input; here they are fixed, and they are what turns such programs off.
  const unsafe = { allowUnsafeConfigPaths: true, allowUnsafeConfigEnvCount: true, allowUnsafeHooksPath: true, allowUnsafeFsMonitor: true };
  const allowEnvironment = Object.keys(env).filter((name) => name.startsWith("GIT_"));
  return simpleGit({ baseDir, binary: git, unsafe, allowEnvironment }).env(env);
}

/**
 * The header actions/checkout gives git for the server (`http.<server>/.extraheader`),
 * for the push alone. The empty value first drops any header configured for
 * the same server (a persisted one), as git reads an empty value as a reset.
 */
export function pushAuthConfig(access: Pick<GitAccess, "serverUrl" | "token">): Array<readonly [string, string]> {
  const key = `http.${access.serverUrl}/.extraheader`;
  const basic = Buffer.from(`x-access-token:${access.token}`, "utf8").toString("base64");
  return [
    [key, ""],
    [key, `AUTHORIZATION: basic ${basic}`],
  ];
}

/**
 * A repository of its own that borrows the checkout's objects (see
 * `GitAccess`), with the given refs fetched from `origin` (the token sent
 * for that fetch alone). For work on other commits than the checkout's:
 * the learned-patterns branch, an earlier release. The caller removes `dir`.
 */
export async function scratchRepository(access: GitAccess, fetch: readonly string[]): Promise<{ dir: string; git: SimpleGit; fetched: boolean[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-git-"));
  const git = cleanGit(dir, access.git);
  await git.init(["--quiet"]);
  await writeFile(path.join(dir, ".git/objects/info/alternates"), access.objectsDir + "\n");
  if (await pathExists(access.shallowFile)) await copyFile(access.shallowFile, path.join(dir, ".git/shallow"));
  const authed = cleanGit(dir, access.git, pushAuthConfig(access));
  const fetched: boolean[] = [];
  for (const refspec of fetch) {
    fetched.push(
      await authed.raw(["fetch", "--quiet", "--no-tags", access.remoteUrl, refspec]).then(
        () => true,
        () => false,
      ),
    );
  }
  return { dir, git, fetched };
}
