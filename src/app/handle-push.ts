import type { Context } from "probot";
import { ConfigError } from "../config/resolve-config.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { dispatchBuild, missingWorkflowSummary } from "../github/dispatch-build.js";
import { GITHUB_LIMITS, truncate } from "../github/limits.js";
import { commitCheckName, CONFIG_CHECK_NAME } from "../github/names.js";
import { serviceFromPath } from "../github/spec-identity.js";
import { changedSpecsFromCommits, changedSpecsFromFiles, isPushTruncated, NULL_SHA, pushIgnoreReason, type PushFacts } from "../github/push-specs.js";
import { loadConfig } from "./load-config.js";

/**
 * A push that adds or changes SPECs: one workflow dispatch that carries them
 * all (the workflow fans out to one job per SPEC). That is the delivery's only
 * write, however many SPECs changed, so it answers fast because it does
 * little; the build runs in Actions, and the app's check run with its buttons
 * follows when the run ends.
 */
export async function handlePush(context: Context<"push">, appLogin: string): Promise<void> {
  const { payload } = context;
  const push: PushFacts = {
    ref: payload.ref,
    before: payload.before,
    after: payload.after,
    deleted: payload.deleted,
    commits: payload.commits,
    senderLogin: payload.sender?.login ?? "",
  };
  const ignored = pushIgnoreReason(push, appLogin);
  if (ignored) {
    context.log.debug(`push to ${payload.ref} ignored: ${ignored}`);
    return;
  }
  const octokit = context.octokit as unknown as GitHubClient;
  const repo = context.repo();

  let config;
  try {
    config = await loadConfig(context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await octokit.rest.checks.create({
      ...repo,
      name: CONFIG_CHECK_NAME,
      head_sha: payload.after,
      conclusion: "failure",
      completed_at: new Date().toISOString(),
      output: { title: "`.github/specforge.yml` is invalid", summary: truncate(error.message, GITHUB_LIMITS.checkRunSummary) },
    });
    return;
  }

  let specs = changedSpecsFromCommits(push.commits, config.specs);
  if (isPushTruncated(push)) {
    const base = push.before === NULL_SHA ? payload.repository.default_branch : push.before;
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${push.after}`, per_page: 100 });
    specs = changedSpecsFromFiles(data.files ?? [], config.specs);
  }
  if (specs.length === 0) return;
  const branch = payload.ref.slice("refs/heads/".length);
  const result = await dispatchBuild(octokit, { repo, sha: push.after, ref: branch, specPaths: specs, config, onlyOnce: true });
  if (result.outcome === "missing-workflow") {
    // The one write of this delivery that is not a dispatch: say what to do where the build would have shown.
    await octokit.rest.checks.create({
      ...repo,
      name: commitCheckName(specs.map(serviceFromPath)),
      head_sha: push.after,
      conclusion: "action_required",
      completed_at: new Date().toISOString(),
      details_url: `${payload.repository.html_url}/actions`,
      output: { title: `Add .github/workflows/${config.workflow} to build ${specs.length === 1 ? "this SPEC" : "these SPECs"}`, summary: missingWorkflowSummary(config.workflow, branch, result.message) },
    });
  }
  context.log.info({ specs, sha: push.after, outcome: result.outcome }, `push: ${specs.length} SPEC${specs.length === 1 ? "" : "s"} ${result.outcome}`);
}
