import type { Context } from "probot";
import { ConfigError } from "../config/resolve-config.js";
import { buildCheckRunName, buildExternalId } from "../github/build-check-run.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { dispatchSpecBuild } from "../github/dispatch-spec-build.js";
import { GITHUB_LIMITS, truncate } from "../github/limits.js";
import { CONFIG_CHECK_NAME } from "../github/names.js";
import { changedSpecsFromCommits, changedSpecsFromFiles, isPushTruncated, NULL_SHA, pushIgnoreReason, type PushFacts } from "../github/push-specs.js";
import { loadConfig } from "./load-config.js";

/**
 * A push that adds or changes SPECs: one queued check run and one workflow
 * dispatch per SPEC. Returns fast; the build runs in Actions.
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
  const branch = payload.ref.slice("refs/heads/".length);
  for (const specPath of specs) {
    const { outcome } = await dispatchSpecBuild(octokit, {
      repo,
      repoUrl: payload.repository.html_url,
      sha: push.after,
      ref: branch,
      specPath,
      config,
      onlyOnce: true,
    });
    context.log.info({ specPath, sha: push.after, outcome, checkRun: buildCheckRunName(specPath), externalId: buildExternalId(specPath) }, `push: ${specPath} ${outcome}`);
  }
}
