import type { ResolvedConfig } from "../config/resolve-config.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { dispatchBuild } from "../github/dispatch-build.js";
import { parseWorkflowRunName } from "../github/names.js";
import { listCommitCheckRuns, specVerdicts } from "../github/spec-verdicts.js";
import type { RepoRef } from "../github/types.js";
import type { CommandName } from "./commands.js";

/** Which builds a command is about: SPECs on a commit, and the branch a new build runs on. */
export interface BuildTarget {
  specPaths: string[];
  sha: string;
  /** The branch the workflow runs on. */
  ref: string;
}

export interface CommandRequest {
  octokit: GitHubClient;
  repo: RepoRef;
  config: ResolvedConfig;
  name: Exclude<CommandName, "help" | "status">;
  args: string;
  actor: string;
  target: BuildTarget;
}

/** Carries out an accepted command; resolves to one short sentence that says what happened. */
export async function runCommand(request: CommandRequest): Promise<string> {
  const { octokit, repo, target, actor } = request;
  const which = target.specPaths.map((p) => `\`${p}\``).join(", ");
  const dispatch = async (specPaths: string[], sha: string, inputs: { approved?: string; notes?: string; "retry-from"?: string }) =>
    (await dispatchBuild(octokit, { repo, sha, ref: target.ref, specPaths, config: request.config, inputs: { "requested-by": actor, ...inputs }, onlyOnce: false })).outcome !== "missing-workflow";

  switch (request.name) {
    case "approve":
      return (await dispatch(target.specPaths, target.sha, { approved: "true", notes: request.args.slice(0, 500) })) ? `Approved by @${actor}; the build of ${which} goes on.` : missingWorkflow(request.config);
    case "retry": {
      if (!(await dispatch(target.specPaths, target.sha, request.args ? { "retry-from": request.args } : {}))) return missingWorkflow(request.config);
      return request.args ? `Retrying ${which} from the ${request.args} phase.` : `Retrying ${which}; phases already done are resumed.`;
    }
    case "rollback": {
      const messages: string[] = [];
      for (const specPath of target.specPaths) {
        const to = request.args ? await resolveRef(octokit, repo, request.args) : await lastGoodBuild(octokit, repo, target, specPath);
        if (!to) {
          messages.push(request.args ? `\`${request.args}\` is not a branch, tag or commit of this repository.` : `There is no earlier successful build of \`${specPath}\` to roll back to; name one: \`/rollback <ref>\`.`);
          continue;
        }
        messages.push((await dispatch([specPath], to, {})) ? `Rolling \`${specPath}\` back to \`${to.slice(0, 7)}\`: rebuilding the service from that commit.` : missingWorkflow(request.config));
      }
      return messages.join(" ");
    }
    case "cancel": {
      const cancelled = await cancelBuilds(octokit, repo, request.config.workflow, target.specPaths);
      return cancelled > 0 ? `Cancelled ${cancelled} running build${cancelled === 1 ? "" : "s"} of ${which}.` : `No build of ${which} is running.`;
    }
  }
}

function missingWorkflow(config: ResolvedConfig): string {
  return `The build could not start: this repository has no \`.github/workflows/${config.workflow}\` with a \`workflow_dispatch\` trigger.`;
}

async function resolveRef(octokit: GitHubClient, repo: RepoRef, ref: string): Promise<string | null> {
  try {
    return (await octokit.rest.repos.getCommit({ ...repo, ref })).data.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404 || (error as { status?: number }).status === 422) return null;
    throw error;
  }
}

/** The newest earlier commit that changed the SPEC and where it was verified. */
async function lastGoodBuild(octokit: GitHubClient, repo: RepoRef, target: BuildTarget, specPath: string): Promise<string | null> {
  const { data: commits } = await octokit.rest.repos.listCommits({ ...repo, path: specPath, sha: target.ref, per_page: 20 });
  for (const commit of commits) {
    if (commit.sha === target.sha) continue;
    const [verdict] = specVerdicts([specPath], await listCommitCheckRuns(octokit, repo, commit.sha));
    if (verdict?.state === "verified") return commit.sha;
  }
  return null;
}

/** Cancels the running and queued builds that build any of the SPECs. */
async function cancelBuilds(octokit: GitHubClient, repo: RepoRef, workflow: string, specPaths: string[]): Promise<number> {
  let cancelled = 0;
  for (const status of ["in_progress", "queued"] as const) {
    const { data } = await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: workflow, status, per_page: 50 });
    // A name GitHub cut short still shows the SPECs it kept.
    const builds = (title: string) => parseWorkflowRunName(title)?.specPaths?.some((p) => specPaths.includes(p)) ?? specPaths.some((p) => title.includes(JSON.stringify(p)));
    for (const run of data.workflow_runs.filter((r) => builds(r.display_title))) {
      await octokit.rest.actions.cancelWorkflowRun({ ...repo, run_id: run.id });
      cancelled++;
    }
  }
  return cancelled;
}
