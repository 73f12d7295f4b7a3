import type { Context } from "probot";
import { ConfigError } from "../config/resolve-config.js";
import { findCommitCheckRun, parseSpecsText, publishCommitCheckRun } from "../github/commit-check-run.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { parseMatrixJobName, parseWorkflowRunName } from "../github/names.js";
import { listCommitCheckRuns, specVerdicts } from "../github/spec-verdicts.js";
import type { RepoRef } from "../github/types.js";
import { specBlobUrl } from "../report/spec-links.js";
import { loadConfig } from "./load-config.js";
import { refreshStatusComments } from "./status-comments.js";

/**
 * When a build workflow ends, the app's check run on the commit gets every
 * SPEC's verdict and the buttons that fit (Approve when a gate waits, Retry
 * and Rollback after a failure), and the status comment of each pull request
 * on that commit is brought up to date.
 */
export async function handleWorkflowRunCompleted(context: Context<"workflow_run.completed">, botLogin: string): Promise<void> {
  const run = context.payload.workflow_run;
  // Most workflow runs are not builds: tell by the run-name before asking GitHub for anything.
  const build = parseWorkflowRunName(run.display_title ?? "");
  if (!build) return;
  let config;
  try {
    config = await loadConfig(context);
  } catch (error) {
    if (error instanceof ConfigError) return;
    throw error;
  }
  if (run.path !== `.github/workflows/${config.workflow}`) return;
  const octokit = context.octokit as unknown as GitHubClient;
  const repo = context.repo();
  const repoUrl = context.payload.repository.html_url;

  const runs = await listCommitCheckRuns(octokit, repo, build.sha);
  const ours = findCommitCheckRun(runs);
  const built = build.specPaths ?? (await specsFromJobs(octokit, repo, run.id));
  // Every SPEC built on this commit so far, this run's and earlier runs'.
  const specPaths = [...new Set([...parseSpecsText(ours?.output.text), ...built])].sort();
  if (specPaths.length === 0) return;
  const verdicts = specVerdicts(specPaths, runs, run.conclusion);
  await publishCommitCheckRun(octokit, { ...repo, sha: build.sha, detailsUrl: run.html_url, specUrl: (p) => specBlobUrl(repoUrl, build.sha, p) }, verdicts, ours);
  await refreshStatusComments(octokit, repo, build.sha, { repoUrl, config, botLogin });
}

/** The SPECs of a run whose name GitHub cut short: one matrix job each, `build <spec path>`. */
async function specsFromJobs(octokit: GitHubClient, repo: RepoRef, runId: number): Promise<string[]> {
  const jobs = await octokit.paginate(octokit.rest.actions.listJobsForWorkflowRun, { ...repo, run_id: runId, filter: "all", per_page: 100 });
  return jobs.map((job) => parseMatrixJobName(job.name)).filter((p): p is string => p !== null);
}
