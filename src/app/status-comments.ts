import type { ResolvedConfig } from "../config/resolve-config.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { pullRequestBuilds, type PullRequestBuilds } from "../github/pull-request-specs.js";
import { specVerdicts } from "../github/spec-verdicts.js";
import { upsertStatusComment } from "../github/status-comment.js";
import type { RepoRef } from "../github/types.js";
import { parseLastCommand, statusComment, type LastCommand } from "../report/status-comment.js";

export interface StatusContext {
  repoUrl: string;
  config: ResolvedConfig;
  botLogin: string;
}

/** Rewrites the pull request's status comment from GitHub's state, recording `lastCommand` when one was just run. */
export async function writeStatusComment(octokit: GitHubClient, repo: RepoRef, builds: PullRequestBuilds, status: StatusContext, lastCommand?: LastCommand): Promise<{ id: number; url: string }> {
  const verdicts = specVerdicts(builds.specPaths, builds.checkRuns);
  return upsertStatusComment(octokit, { ...repo, issueNumber: builds.number, botLogin: status.botLogin }, (current) =>
    statusComment({ verdicts, sha: builds.sha, repoUrl: status.repoUrl, fromFork: builds.fromFork, approvers: status.config.approvers, lastCommand: lastCommand ?? parseLastCommand(current) }),
  );
}

/** After a build on `sha` ends: the status comment of every open pull request that builds a SPEC there. */
export async function refreshStatusComments(octokit: GitHubClient, repo: RepoRef, sha: string, status: StatusContext): Promise<void> {
  const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 100 });
  for (const pull of pulls.filter((p) => p.state === "open")) {
    const builds = await pullRequestBuilds(octokit, repo, pull, status.config.specs);
    if (builds.sha === sha && builds.specPaths.length > 0) await writeStatusComment(octokit, repo, builds, status);
  }
}
