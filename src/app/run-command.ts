import type { ResolvedConfig } from "../config/resolve-config.js";
import { buildCheckRunName, findBuildCheckRun } from "../github/build-check-run.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { dispatchSpecBuild } from "../github/dispatch-spec-build.js";
import { parseWorkflowRunName } from "../github/names.js";
import type { RepoRef } from "../github/types.js";
import { helpText, type CommandName } from "./commands.js";

/** Which SPEC build a command is about: from a pull request's marker or a check run's external_id. */
export interface BuildTarget {
  specPath: string;
  sha: string;
  /** The branch the workflow runs on. */
  ref: string;
}

export interface CommandRequest {
  octokit: GitHubClient;
  repo: RepoRef;
  repoUrl: string;
  config: ResolvedConfig;
  name: CommandName;
  args: string;
  actor: string;
  target: BuildTarget;
}

/** Carries out an accepted command; resolves to the short reply that says what happened. */
export async function runCommand(request: CommandRequest): Promise<string> {
  const { octokit, repo, target, actor } = request;
  const dispatch = (sha: string, inputs: { approved?: string; notes?: string; "retry-from"?: string }) =>
    dispatchSpecBuild(octokit, { repo, repoUrl: request.repoUrl, sha, ref: target.ref, specPath: target.specPath, config: request.config, inputs: { "requested-by": actor, ...inputs }, onlyOnce: false });

  switch (request.name) {
    case "help":
      return helpText();
    case "approve": {
      const { outcome } = await dispatch(target.sha, { approved: "true", notes: request.args.slice(0, 500) });
      return outcome === "missing-workflow" ? missingWorkflow(request.config) : `Approved by @${actor}; the build of \`${target.specPath}\` goes on.`;
    }
    case "retry": {
      const { outcome } = await dispatch(target.sha, request.args ? { "retry-from": request.args } : {});
      if (outcome === "missing-workflow") return missingWorkflow(request.config);
      return request.args ? `Retrying \`${target.specPath}\` from the ${request.args} phase.` : `Retrying \`${target.specPath}\`; phases already done are resumed.`;
    }
    case "rollback": {
      const to = request.args ? await resolveRef(octokit, repo, request.args) : await lastGoodBuild(octokit, repo, target);
      if (!to) {
        return request.args
          ? `\`${request.args}\` is not a branch, tag or commit of this repository.`
          : `There is no earlier successful build of \`${target.specPath}\` to roll back to; name one: \`/rollback <ref>\`.`;
      }
      const { outcome } = await dispatch(to, {});
      return outcome === "missing-workflow" ? missingWorkflow(request.config) : `Rolling \`${target.specPath}\` back to \`${to.slice(0, 7)}\`: rebuilding the service from that commit.`;
    }
    case "cancel": {
      const cancelled = await cancelBuilds(octokit, repo, request.config.workflow, target.specPath);
      return cancelled > 0 ? `Cancelled ${cancelled} running build${cancelled === 1 ? "" : "s"} of \`${target.specPath}\`.` : `No build of \`${target.specPath}\` is running.`;
    }
    case "status":
      return statusReply(octokit, repo, target);
  }
}

function missingWorkflow(config: ResolvedConfig): string {
  return `The build could not start: this repository has no \`.github/workflows/${config.workflow}\` with a \`workflow_dispatch\` trigger. See the check run for how to add it.`;
}

async function resolveRef(octokit: GitHubClient, repo: RepoRef, ref: string): Promise<string | null> {
  try {
    return (await octokit.rest.repos.getCommit({ ...repo, ref })).data.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404 || (error as { status?: number }).status === 422) return null;
    throw error;
  }
}

/** The newest earlier commit that changed the SPEC and whose build succeeded. */
async function lastGoodBuild(octokit: GitHubClient, repo: RepoRef, target: BuildTarget): Promise<string | null> {
  const { data: commits } = await octokit.rest.repos.listCommits({ ...repo, path: target.specPath, sha: target.ref, per_page: 20 });
  for (const commit of commits) {
    if (commit.sha === target.sha) continue;
    const run = await findBuildCheckRun(octokit, repo, commit.sha, target.specPath);
    if (run?.conclusion === "success") return commit.sha;
  }
  return null;
}

async function cancelBuilds(octokit: GitHubClient, repo: RepoRef, workflow: string, specPath: string): Promise<number> {
  let cancelled = 0;
  for (const status of ["in_progress", "queued"] as const) {
    const { data } = await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: workflow, status, per_page: 50 });
    for (const run of data.workflow_runs.filter((r) => parseWorkflowRunName(r.display_title)?.specPath === specPath)) {
      await octokit.rest.actions.cancelWorkflowRun({ ...repo, run_id: run.id });
      cancelled++;
    }
  }
  return cancelled;
}

async function statusReply(octokit: GitHubClient, repo: RepoRef, target: BuildTarget): Promise<string> {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: target.sha, per_page: 100 });
  const service = buildCheckRunName(target.specPath);
  const ours = data.check_runs.filter((c) => c.name === service || c.name.startsWith(`${service} › `));
  if (ours.length === 0) return `No build of \`${target.specPath}\` has run at \`${target.sha.slice(0, 7)}\` yet.`;
  return [
    `Build of \`${target.specPath}\` at \`${target.sha.slice(0, 7)}\`:`,
    "",
    "| check | status | result |",
    "|---|---|---|",
    ...ours.map((c) => `| [${c.name}](${c.html_url}) | ${c.status} | ${c.conclusion ?? "—"}${c.output.title ? `: ${c.output.title}` : ""} |`),
  ].join("\n");
}
