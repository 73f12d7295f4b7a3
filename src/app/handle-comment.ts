import type { Context } from "probot";
import { ConfigError } from "../config/resolve-config.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { BRANCH_PREFIX, isSpecforgeBranch } from "../github/names.js";
import { getRepoRole, mayChangeState } from "../github/repo-role.js";
import { parseSpecMarker } from "../github/spec-identity.js";
import { checkArguments, COMMANDS, helpText, parseCommand } from "./commands.js";
import { loadConfig } from "./load-config.js";
import { runCommand } from "./run-command.js";

/**
 * `/approve`, `/rollback`, `/retry`, `/cancel`, `/status`, `/help` in a
 * comment. Bots (the app included) are ignored; state changes need write
 * access as GitHub reports it; every command is acknowledged once, even when
 * GitHub delivers the comment twice.
 */
export async function handleComment(context: Context<"issue_comment.created">): Promise<void> {
  const { comment, issue, repository } = context.payload;
  if (comment.user?.type === "Bot" || context.isBot) return;
  const command = parseCommand(comment.body ?? "");
  if (!command) return;

  const octokit = context.octokit as unknown as GitHubClient;
  const repo = context.repo();
  const login = comment.user?.login ?? "";
  // GitHub answers 200 instead of 201 when our reaction is already there: that delivery was handled.
  const reactOnce = async (content: "+1" | "confused") =>
    (await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content })).status === 201;
  const reply = (body: string) => octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body });

  if (command.kind === "unknown") {
    if (await reactOnce("confused")) await reply(`\`/${command.name}\` is not a specforge command.\n\n${helpText()}`);
    return;
  }
  const problem = checkArguments(command.name, command.args);
  if (problem) {
    if (await reactOnce("confused")) await reply(problem);
    return;
  }

  let config;
  try {
    config = await loadConfig(context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (await reactOnce("confused")) await reply(`specforge cannot act: ${error.message}`);
    return;
  }

  if (COMMANDS[command.name].changesState) {
    const role = await getRepoRole(octokit, repo, login);
    if (!mayChangeState(role, login, config.approvers)) {
      if (await reactOnce("confused")) {
        await reply(`@${login} \`/${command.name}\` needs write, maintain or admin permission on this repository (yours: ${role}), or your name in \`approvers\` in \`.github/specforge.yml\`.`);
      }
      return;
    }
  }

  if (command.name === "help") {
    if (await reactOnce("+1")) await reply(helpText());
    return;
  }
  const target = issue.pull_request ? await pullRequestTarget(octokit, repo, issue.number) : null;
  if (!target) {
    if (await reactOnce("confused")) await reply(`\`/${command.name}\` works on the pull requests specforge opens (branch \`${BRANCH_PREFIX}<service>\`); this ${issue.pull_request ? "pull request" : "issue"} is not one.`);
    return;
  }
  if (!(await reactOnce("+1"))) return;
  const message = await runCommand({ octokit, repo, repoUrl: repository.html_url, config, name: command.name, args: command.args, actor: login, target });
  await reply(message);
}

async function pullRequestTarget(octokit: GitHubClient, repo: { owner: string; repo: string }, number: number) {
  const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
  const marker = parseSpecMarker(pull.body);
  if (!marker || !isSpecforgeBranch(pull.head.ref)) return null;
  return { ...marker, ref: pull.base.ref };
}
