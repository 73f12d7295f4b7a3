import type { ResolvedConfig } from "../config/resolve-config.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { chooseRestore } from "../deploy/deploy-release.js";
import { dispatchBuild } from "../github/dispatch-build.js";
import { createGitHubReleaseStore } from "../github/github-release-store.js";
import { parseWorkflowRunName } from "../github/names.js";
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
  const dispatch = async (specPaths: string[], sha: string, inputs: { approved?: string; notes?: string; "retry-from"?: string; rollback?: string }) =>
    (await dispatchBuild(octokit, { repo, sha, ref: target.ref, specPaths, config: request.config, inputs: { "requested-by": actor, ...inputs }, onlyOnce: false })).outcome !== "missing-workflow";

  switch (request.name) {
    case "approve":
      return (await dispatch(target.specPaths, target.sha, { approved: "true", notes: request.args.slice(0, 500) })) ? `Approved by @${actor}; the build of ${which} goes on.` : missingWorkflow(request.config);
    case "retry": {
      if (!(await dispatch(target.specPaths, target.sha, request.args ? { "retry-from": request.args } : {}))) return missingWorkflow(request.config);
      return request.args ? `Retrying ${which} from the ${request.args} phase.` : `Retrying ${which}; phases already done are resumed.`;
    }
    case "rollback": {
      const { environment, command } = request.config.deploy;
      if (command.length === 0) return "Nothing is deployed: `deploy:` in `.github/specforge.yml` names no command, so there is no release to restore.";
      const messages: string[] = [];
      for (const specPath of target.specPaths) {
        // GitHub's Deployments are the record of what ran healthy: the restored release must be one of them.
        const store = createGitHubReleaseStore(octokit, { ...repo, environment, specPath, materialize: () => Promise.reject(new Error("the app never deploys")) });
        const chosen = chooseRestore(await store.list(), (await store.current())?.id ?? "", request.args || undefined);
        if ("refused" in chosen) {
          messages.push(`\`${specPath}\` cannot be rolled back in ${environment}: ${chosen.refused}.`);
          continue;
        }
        const { release } = chosen;
        messages.push(
          (await dispatch([specPath], target.sha, { rollback: release.ref }))
            ? `Rolling \`${specPath}\` back in ${environment} to release \`${release.id}\`${release.version ? ` (${release.version})` : ""}: deploying it again as it was built.`
            : missingWorkflow(request.config),
        );
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
