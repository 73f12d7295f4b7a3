import type { ResolvedConfig } from "../config/resolve-config.js";
import { buildCheckRunName, buildExternalId, findBuildCheckRun } from "./build-check-run.js";
import type { GitHubClient } from "./create-octokit.js";
import type { RepoRef } from "./types.js";

/** Every workflow input the app may send; the workflow and the action declare each (a test checks). */
export const DISPATCH_INPUTS = ["spec-path", "sha", "approval-mode", "generator", "model", "approved", "retry-from", "requested-by", "notes"] as const;
export type DispatchInput = (typeof DISPATCH_INPUTS)[number];

export interface SpecBuildRequest {
  repo: RepoRef;
  /** The repository's web URL, for links (works on GHES too). */
  repoUrl: string;
  sha: string;
  /** The branch the workflow runs on. */
  ref: string;
  specPath: string;
  config: ResolvedConfig;
  /** Extra workflow inputs for commands: approved, retry-from, requested-by, notes. */
  inputs?: Partial<Record<Exclude<DispatchInput, "spec-path" | "sha" | "approval-mode" | "generator" | "model">, string>>;
  /** A push must not build the same SPEC at the same commit twice; a command may. */
  onlyOnce: boolean;
}

export type DispatchOutcome = "dispatched" | "duplicate" | "missing-workflow";

/**
 * Creates (or re-queues) the app's check run for the SPEC on the commit and
 * dispatches the build workflow. The webhook returns after these two calls;
 * nothing is built in the app.
 */
export async function dispatchSpecBuild(octokit: GitHubClient, request: SpecBuildRequest): Promise<{ outcome: DispatchOutcome; checkRunId: number }> {
  const { repo, specPath, config } = request;
  const existing = await findBuildCheckRun(octokit, repo, request.sha, specPath);
  if (existing && request.onlyOnce) return { outcome: "duplicate", checkRunId: existing.id };

  const queued = {
    status: "queued" as const,
    details_url: `${request.repoUrl}/actions/workflows/${config.workflow}`,
    output: { title: "Build queued", summary: `Dispatched \`.github/workflows/${config.workflow}\` for \`${specPath}\` at \`${request.sha.slice(0, 7)}\`.` },
    actions: [],
  };
  // The check run and the dispatch are independent: send both at once, the webhook answers sooner.
  const [checkRunId, dispatchError] = await Promise.all([
    existing
      ? octokit.rest.checks.update({ ...repo, check_run_id: existing.id, ...queued }).then((r) => r.data.id)
      : octokit.rest.checks.create({ ...repo, name: buildCheckRunName(specPath), head_sha: request.sha, external_id: buildExternalId(specPath), ...queued }).then((r) => r.data.id),
    octokit.rest.actions
      .createWorkflowDispatch({
        ...repo,
        workflow_id: config.workflow,
        ref: request.ref,
        inputs: { "spec-path": specPath, sha: request.sha, "approval-mode": config.approval, generator: config.generator.name, model: config.model, ...request.inputs },
      })
      .then(
        () => null,
        (error: unknown) => error as Error & { status?: number },
      ),
  ]);
  if (dispatchError) {
    if (dispatchError.status !== 404 && dispatchError.status !== 422) throw dispatchError;
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      conclusion: "action_required",
      completed_at: new Date().toISOString(),
      details_url: `${request.repoUrl}/actions`,
      output: {
        title: `Add .github/workflows/${config.workflow} to build this SPEC`,
        summary: missingWorkflowSummary(config.workflow, request.ref, dispatchError.message),
      },
    });
    return { outcome: "missing-workflow", checkRunId };
  }
  return { outcome: "dispatched", checkRunId };
}

function missingWorkflowSummary(workflow: string, ref: string, message: string): string {
  return [
    `specforge could not start the build: GitHub answered "${message}" when asked to run \`.github/workflows/${workflow}\` on \`${ref}\`.`,
    "",
    "To fix it:",
    `1. Copy specforge's \`specforge.yml\` workflow into \`.github/workflows/${workflow}\` on \`${ref}\` (it must have a \`workflow_dispatch\` trigger with the inputs specforge sends).`,
    "2. Push that commit; specforge builds the SPEC when it changes next, or comment `/retry` on its pull request.",
    "",
    "To use a workflow with another name, set `workflow:` in `.github/specforge.yml`.",
  ].join("\n");
}
