import type { Context } from "probot";
import { ConfigError } from "../config/resolve-config.js";
import { parseBuildExternalId } from "../github/build-check-run.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { GITHUB_LIMITS, truncate } from "../github/limits.js";
import { getRepoRole, mayChangeState } from "../github/repo-role.js";
import { loadConfig } from "./load-config.js";
import { runCommand } from "./run-command.js";

const BUTTON_COMMANDS = { approve: "approve", retry: "retry", rollback: "rollback" } as const;

/**
 * A click on Approve, Retry or Rollback on the app's check run: the same
 * command as the comment, with the same permission check. The outcome is
 * written into the check run, since a click has no comment to reply to.
 */
export async function handleCheckRunAction(context: Context<"check_run.requested_action">): Promise<void> {
  const { check_run: run, requested_action: action, sender, repository } = context.payload;
  const name = BUTTON_COMMANDS[(action?.identifier ?? "") as keyof typeof BUTTON_COMMANDS];
  const build = parseBuildExternalId(run.external_id);
  if (!name || !build) return;

  const octokit = context.octokit as unknown as GitHubClient;
  const repo = context.repo();
  const note = async (title: string, text: string, keepButtons: boolean) =>
    octokit.rest.checks.update({
      ...repo,
      check_run_id: run.id,
      output: { title: truncate(title, GITHUB_LIMITS.checkRunTitle, "…"), summary: truncate(`${run.output.summary ?? ""}\n\n${text}`, GITHUB_LIMITS.checkRunSummary) },
      ...(keepButtons ? {} : { actions: [] }),
    });

  let config;
  try {
    config = await loadConfig(context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await note("specforge cannot act: invalid configuration", error.message, true);
    return;
  }
  const role = await getRepoRole(octokit, repo, sender.login);
  if (!mayChangeState(role, sender.login, config.approvers)) {
    await note(run.output.title ?? "specforge", `@${sender.login} clicked ${action?.identifier}, which needs write, maintain or admin permission (theirs: ${role}) or a name in \`approvers\`.`, true);
    return;
  }
  // A click acts once: the first delivery re-queues the check run, a repeat finds it no longer completed.
  const { data: current } = await octokit.rest.checks.get({ ...repo, check_run_id: run.id });
  if (current.status !== "completed") return;

  const ref = run.check_suite?.head_branch ?? repository.default_branch;
  const message = await runCommand({
    octokit,
    repo,
    repoUrl: repository.html_url,
    config,
    name,
    args: "",
    actor: sender.login,
    target: { specPath: build.specPath, sha: run.head_sha, ref },
  });
  context.log.info({ specPath: build.specPath, action: name, by: sender.login }, message);
}
