import type { ResolvedConfig } from "../config/resolve-config.js";
import type { GitHubClient } from "./create-octokit.js";
import { isRunNamed, toSpecsInput, workflowRunName } from "./names.js";
import type { RepoRef } from "./types.js";

/**
 * Every workflow input the app may send; the workflow declares each and hands
 * each to the Action (`specs` as the matrix, one `spec-path` per job). A test
 * checks all three agree.
 */
export const DISPATCH_INPUTS = ["specs", "sha", "approval-mode", "generator", "model", "approved", "retry-from", "requested-by", "notes", "rollback"] as const;
export type DispatchInput = (typeof DISPATCH_INPUTS)[number];

/**
 * How much one dispatch carries. GitHub runs at most 256 jobs from one matrix,
 * takes at most 10 inputs and 65,535 characters of inputs in a dispatch; the
 * other inputs are short, so the SPEC list keeps well under the last. A push
 * beyond either size is split into more dispatches: one per 256 SPECs.
 */
export const DISPATCH_LIMITS = { inputs: 10, specsPerDispatch: 256, specsInputChars: 60_000 } as const;

/** The SPEC paths in groups one dispatch can carry, in order. */
export function splitSpecs(specPaths: readonly string[]): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  for (const specPath of JSON.parse(toSpecsInput(specPaths)) as string[]) {
    const next = [...group, specPath];
    if (group.length > 0 && (next.length > DISPATCH_LIMITS.specsPerDispatch || toSpecsInput(next).length > DISPATCH_LIMITS.specsInputChars)) {
      groups.push(group);
      group = [specPath];
    } else group = next;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

export interface BuildDispatch {
  repo: RepoRef;
  sha: string;
  /** The branch the workflow runs on (its workflow file is the one that runs). */
  ref: string;
  specPaths: readonly string[];
  config: ResolvedConfig;
  /** Extra workflow inputs for commands: approved, retry-from, requested-by, notes. */
  inputs?: Partial<Record<"approved" | "retry-from" | "requested-by" | "notes" | "rollback", string>>;
  /**
   * A push must not build the same SPECs at the same commit twice: the
   * dispatch is skipped when a run with its name already exists. A command may
   * build again.
   */
  onlyOnce: boolean;
}

export type DispatchOutcome = { outcome: "dispatched" | "duplicate"; runNames: string[] } | { outcome: "missing-workflow"; message: string };

/**
 * Dispatches the build workflow once for all the SPECs (more than once only
 * past DISPATCH_LIMITS). That dispatch is the only write: the workflow fans
 * out to one job per SPEC, the Action reports each phase, and the app's check
 * run follows when the run ends (`workflow_run`). Whether this build already
 * runs is read from GitHub (the runs' names), never from memory, so a repeated
 * delivery dispatches nothing and a delivery cut short before its dispatch is
 * completed by its redelivery.
 */
export async function dispatchBuild(octokit: GitHubClient, request: BuildDispatch): Promise<DispatchOutcome> {
  const { repo, config } = request;
  const groups = splitSpecs(request.specPaths).map((specPaths) => ({ specPaths, runName: workflowRunName(specPaths, request.sha) }));
  let pending = groups;
  if (request.onlyOnce) {
    const existing = await existingRunNames(octokit, repo, config.workflow, request.ref);
    if (existing === "missing-workflow") return { outcome: "missing-workflow", message: "Not Found" };
    pending = groups.filter((g) => !existing.some((title) => isRunNamed(title, g.runName)));
    if (pending.length === 0) return { outcome: "duplicate", runNames: groups.map((g) => g.runName) };
  }
  for (const group of pending) {
    try {
      await octokit.rest.actions.createWorkflowDispatch({
        ...repo,
        workflow_id: config.workflow,
        ref: request.ref,
        inputs: { specs: toSpecsInput(group.specPaths), sha: request.sha, "approval-mode": config.approval, generator: config.generator.name, model: config.model, ...request.inputs },
      });
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== 404 && status !== 422) throw error;
      return { outcome: "missing-workflow", message: (error as Error).message };
    }
  }
  return { outcome: "dispatched", runNames: pending.map((g) => g.runName) };
}

/** Names of the workflow's recent dispatched runs on the branch (GitHub lists the newest first). */
async function existingRunNames(octokit: GitHubClient, repo: RepoRef, workflow: string, branch: string): Promise<string[] | "missing-workflow"> {
  try {
    const { data } = await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: workflow, branch, event: "workflow_dispatch", per_page: 100 });
    return data.workflow_runs.map((run) => run.display_title);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return "missing-workflow";
    throw error;
  }
}

export function missingWorkflowSummary(workflow: string, ref: string, message: string): string {
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
