import { copyFile, cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathExists } from "../core/path-exists.js";
import { isNotGenerated } from "../synth/service-layout.js";
import { ALL_NOT_GENERATED } from "../synth/targets.js";
import type { GitHubClient } from "./create-octokit.js";
import { cleanGit, pushAuthConfig, type GitAccess } from "./git-access.js";
import { GITHUB_LIMITS, truncate } from "./limits.js";
import { serviceBranch, servicePullRequestTitle } from "./names.js";
import type { RepoRef } from "./types.js";

export interface ServicePullRequestInput {
  repo: RepoRef;
  /** The checked-out repository (`GITHUB_WORKSPACE`), whose `origin` the branch is pushed to. */
  workspace: string;
  /** How to reach `origin`, read from the checkout before generated code ran. */
  access: GitAccess;
  /** The generated service, inside the workspace. */
  serviceDir: string;
  sha: string;
  baseBranch: string;
  service: string;
  version: string;
  specPath: string;
  body: string;
  author: { name: string; email: string };
  /** The commit this run already pushed: only the pull request is brought up to date. */
  pushed?: string;
}

export interface ServicePullRequest {
  branch: string;
  url: string;
  number: number;
  action: "opened" | "updated" | "unchanged";
  /** The commit that holds the service: the branch's new head, or `sha` when it already held the service as generated. */
  commit: string;
}

/**
 * Commits the generated service on top of `sha` to `specforge/<service>`
 * (force-pushed: the branch always holds exactly the latest build) and opens
 * the service's one pull request, or refreshes the one already open.
 */
export async function publishServicePullRequest(octokit: GitHubClient, input: ServicePullRequestInput): Promise<ServicePullRequest> {
  const relative = path.relative(input.workspace, input.serviceDir);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new Error(`the service folder ${input.serviceDir} is not inside the repository ${input.workspace}`);
  }
  const branch = serviceBranch(input.service);
  const { changed, commit } = input.pushed ? { changed: true, commit: input.pushed } : await commitAndPush(input, relative, branch);

  const { owner, repo } = input.repo;
  const title = servicePullRequestTitle(input.service, input.version);
  const body = truncate(input.body, GITHUB_LIMITS.pullRequestBody);
  const { data: open } = await octokit.rest.pulls.list({ owner, repo, head: `${owner}:${branch}`, state: "open", per_page: 1 });
  const existing = open[0];
  if (existing) {
    await octokit.rest.pulls.update({ owner, repo, pull_number: existing.number, title, body });
    return { branch, url: existing.html_url, number: existing.number, action: changed ? "updated" : "unchanged", commit };
  }
  if (!changed) return { branch, url: "", number: 0, action: "unchanged", commit };
  const { data: created } = await octokit.rest.pulls.create({ owner, repo, head: branch, base: input.baseBranch, title, body, maintainer_can_modify: false });
  return { branch, url: created.html_url, number: created.number, action: "opened", commit };
}

/** `changed` is false when the service is already in `sha` exactly as generated (nothing to propose). */
async function commitAndPush(input: ServicePullRequestInput, relative: string, branch: string): Promise<{ changed: boolean; commit: string }> {
  const { access } = input;
  const repo = await mkdtemp(path.join(os.tmpdir(), "specforge-pr-"));
  try {
    // A repository of its own (see git-access.ts): the checkout's configuration and hooks are never
    // used, and the runner's checkout stays exactly as it was.
    const git = cleanGit(repo, access.git);
    await git.init(["--quiet"]);
    await writeFile(path.join(repo, ".git/objects/info/alternates"), access.objectsDir + "\n");
    if (await pathExists(access.shallowFile)) await copyFile(access.shallowFile, path.join(repo, ".git/shallow"));
    await git.raw(["checkout", "--quiet", "--detach", input.sha]);
    const target = path.join(repo, relative);
    await rm(target, { recursive: true, force: true });
    await cp(input.serviceDir, target, {
      recursive: true,
      // Build output and local state never belong in the pull request, whichever target built the service.
      filter: (source) => !isNotGenerated(path.relative(input.serviceDir, source), { notGenerated: ALL_NOT_GENERATED }),
    });
    await git.add(["-A", "--", relative]);
    const staged = await git.diff(["--cached", "--name-only"]);
    if (staged.trim() === "") return { changed: false, commit: input.sha };
    await git.raw([
      "-c",
      `user.name=${input.author.name}`,
      "-c",
      `user.email=${input.author.email}`,
      "commit",
      "-m",
      `specforge: generate ${input.service} ${input.version}\n\nGenerated from ${input.specPath} at ${input.sha}.`,
    ]);
    // The token reaches this one process, through its environment, and only for the server's URLs.
    await cleanGit(repo, access.git, pushAuthConfig(access)).push(access.remoteUrl, `HEAD:refs/heads/${branch}`, ["--force"]);
    return { changed: true, commit: (await git.revparse(["HEAD"])).trim() };
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
}
