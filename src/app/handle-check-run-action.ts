import type { Context } from "probot";
import { ConfigError } from "../config/resolve-config.js";
import { COMMIT_EXTERNAL_ID, parseSpecsText, specsForButton, type BuildButton } from "../github/commit-check-run.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { GITHUB_LIMITS, truncate } from "../github/limits.js";
import { getRepoRole, mayChangeState } from "../github/repo-role.js";
import { COMMANDS } from "./commands.js";
import { listCommitCheckRuns, specVerdicts } from "../github/spec-verdicts.js";
import type { RepoRef } from "../github/types.js";
import { loadConfig } from "./load-config.js";
import { runCommand } from "./run-command.js";

const BUTTONS: Record<string, BuildButton> = { approve: "approve", retry: "retry", rollback: "rollback" };

/**
 * A click on Approve, Retry or Rollback on the app's check run: the same
 * command as the comment, with the same permission check, on the SPECs of
 * that commit in the matching state (read afresh from GitHub). The outcome is
 * written into the check run, since a click has no comment to reply to.
 */
export async function handleCheckRunAction(context: Context<"check_run.requested_action">): Promise<void> {
  const { check_run: run, requested_action: action, sender, repository } = context.payload;
  const name = BUTTONS[action?.identifier ?? ""];
  if (!name || run.external_id !== COMMIT_EXTERNAL_ID) return;

  const octokit = context.octokit as unknown as GitHubClient;
  const repo = context.repo();
  const note = async (title: string, text: string, extra: Record<string, unknown>) =>
    octokit.rest.checks.update({
      ...repo,
      check_run_id: run.id,
      output: { title: truncate(title, GITHUB_LIMITS.checkRunTitle, "…"), summary: truncate(`${run.output.summary ?? ""}\n\n${text}`, GITHUB_LIMITS.checkRunSummary) },
      ...extra,
    });

  let config;
  try {
    config = await loadConfig(context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await note("specforge cannot act: invalid configuration", error.message, {});
    return;
  }
  const role = await getRepoRole(octokit, repo, sender.login);
  const minimum = COMMANDS[name].minimum;
  if (!mayChangeState(role, sender.login, config.approvers, minimum)) {
    await note(run.output.title ?? "specforge", `@${sender.login} clicked ${name}, which needs ${minimum === "maintain" ? "maintain or admin" : "write, maintain or admin"} permission (theirs: ${role}) or a name in \`approvers\`.`, {});
    return;
  }
  // GitHub's "pwn request" guidance: a fork's code is built only when someone who could push it asks.
  if (!mayChangeState(role, sender.login, []) && (await isForkCommit(octokit, repo, run.head_sha))) {
    await note(run.output.title ?? "specforge", `@${sender.login} clicked ${name} on a commit from a fork, which only someone with write, maintain or admin permission may build (theirs: ${role}).`, {});
    return;
  }
  // A click acts once: the first delivery re-queues the check run, a repeat finds it no longer completed.
  const { data: current } = await octokit.rest.checks.get({ ...repo, check_run_id: run.id });
  if (current.status !== "completed") return;

  const verdicts = specVerdicts(parseSpecsText(current.output.text), await listCommitCheckRuns(octokit, repo, run.head_sha));
  const specPaths = specsForButton(name, verdicts);
  if (specPaths.length === 0) return;
  await note(`${name} requested by @${sender.login}`, `@${sender.login} clicked ${name}.`, { status: "queued", actions: [] });
  const ref = run.check_suite?.head_branch ?? repository.default_branch;
  const message = await runCommand({ octokit, repo, config, name, args: "", actor: sender.login, target: { specPaths, sha: run.head_sha, ref } });
  context.log.info({ specPaths, action: name, by: sender.login }, message);
}

/** Whether an open pull request from another repository has this commit. */
async function isForkCommit(octokit: GitHubClient, repo: RepoRef, sha: string): Promise<boolean> {
  const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 100 });
  return pulls.some((p) => p.head.repo?.full_name !== p.base.repo.full_name);
}
