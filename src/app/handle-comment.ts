import type { Context } from "probot";
import { ConfigError } from "../config/resolve-config.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { pullRequestBuilds } from "../github/pull-request-specs.js";
import { getRepoRole, mayChangeState } from "../github/repo-role.js";
import { serviceFromPath } from "../github/spec-identity.js";
import { checkArguments, COMMANDS, helpText, parseCommand, selectSpecs } from "./commands.js";
import { loadConfig } from "./load-config.js";
import { runCommand } from "./run-command.js";
import { writeStatusComment } from "./status-comments.js";

/**
 * `/approve`, `/rollback`, `/retry`, `/cancel`, `/status`, `/help` in a
 * comment on a pull request that builds a SPEC. Bots (the app included) are
 * ignored; state changes need write access as GitHub reports it (on a fork's
 * pull request, `approvers` alone is not enough); every command is
 * acknowledged once, even when GitHub delivers the comment twice. The result
 * goes into the pull request's status comment; the reply is one line that
 * links to it.
 */
export async function handleComment(context: Context<"issue_comment.created">, botLogin: string): Promise<void> {
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
  const refuse = async (body: string) => {
    if (await reactOnce("confused")) await reply(body);
  };

  if (command.kind === "unknown") return refuse(`\`/${command.name}\` is not a specforge command.\n\n${helpText()}`);
  if (command.name === "help") {
    if (await reactOnce("+1")) await reply(helpText());
    return;
  }

  let config;
  try {
    config = await loadConfig(context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return refuse(`specforge cannot act: ${error.message}`);
  }

  const changesState = COMMANDS[command.name].changesState;
  const role = changesState ? await getRepoRole(octokit, repo, login) : null;
  const minimum = COMMANDS[command.name].minimum;
  if (role && !mayChangeState(role, login, config.approvers, minimum)) {
    return refuse(`@${login} \`/${command.name}\` needs ${minimum === "maintain" ? "maintain or admin" : "write, maintain or admin"} permission on this repository (yours: ${role}), or your name in \`approvers\` in \`.github/specforge.yml\`.`);
  }
  if (!issue.pull_request) return refuse(`\`/${command.name}\` works on pull requests that build a SPEC; this is an issue.`);
  const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: issue.number });
  const builds = await pullRequestBuilds(octokit, repo, pull, config.specs);
  // GitHub's "pwn request" guidance: a fork's code is built only when someone who could push it asks.
  if (builds.fromFork && role && !mayChangeState(role, login, [])) {
    return refuse(`@${login} this pull request comes from a fork: only someone with write, maintain or admin permission may \`/${command.name}\` it (yours: ${role}).`);
  }

  const selection = selectSpecs(command.name, command.args, builds.specPaths);
  if (selection.kind === "none") return refuse(`\`/${command.name}\` works on pull requests that build a SPEC; this one changes no SPEC and specforge has built none at its head commit.`);
  if (selection.kind === "ask") {
    return refuse(`This pull request builds ${selection.choices.length} SPECs; say which: ${selection.choices.map((p) => `\`/${command.name} ${serviceFromPath(p)}\``).join(", ")} (or the SPEC's path).`);
  }
  const problem = checkArguments(command.name, selection.rest);
  if (problem) return refuse(problem);

  if (!(await reactOnce("+1"))) return;
  const status = { repoUrl: repository.html_url, config, botLogin };
  if (command.name === "status") {
    const { url } = await writeStatusComment(octokit, repo, builds, status, { command: command.line, actor: login, result: "status brought up to date." });
    await reply(`[Status](${url}) is up to date.`);
    return;
  }
  const result = await runCommand({ octokit, repo, config, name: command.name, args: selection.rest, actor: login, target: { specPaths: selection.specPaths, sha: builds.sha, ref: builds.ref } });
  const { url } = await writeStatusComment(octokit, repo, builds, status, { command: command.line, actor: login, result });
  await reply(`${result} [Status](${url})`);
}
