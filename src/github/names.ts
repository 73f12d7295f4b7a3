import type { PhaseName } from "../pipeline/types.js";
import { GITHUB_LIMITS, truncate } from "./limits.js";

/**
 * The names specforge puts on GitHub, each written in one place: the app
 * reads back what the workflow and the Action write, so a name changed here
 * changes for all of them.
 */

/** Every branch specforge pushes starts with this; pushes to them build nothing. */
export const BRANCH_PREFIX = "specforge/";

/** `specforge/<service>`: the branch of the service's pull request. */
export function serviceBranch(service: string): string {
  return `${BRANCH_PREFIX}${service}`;
}

/** The one branch of the learned-patterns pull request. */
export const LEARNED_PATTERNS_BRANCH = `${BRANCH_PREFIX}learned-patterns`;

export function isSpecforgeBranch(branch: string): boolean {
  return branch.startsWith(BRANCH_PREFIX);
}

/** The app's own check run for one SPEC: `specforge: <service>`. */
export function buildCheckName(service: string): string {
  return truncate(`specforge: ${service}`, GITHUB_LIMITS.checkRunName, "…");
}

/** A phase's check run (or the approval gate's): `specforge: build-executor › verify`. */
export function phaseCheckName(service: string, phase: PhaseName | "approval"): string {
  return truncate(`specforge: ${service} › ${phase}`, GITHUB_LIMITS.checkRunName, "…");
}

/** The check run that reports an invalid `.github/specforge.yml` on a push. */
export const CONFIG_CHECK_NAME = "specforge: configuration";

/**
 * The build workflow's run-name, `specforge: <spec path> @ <sha>`. The
 * workflow file writes it with expressions (`WORKFLOW_RUN_NAME`); the app
 * parses it back when the run ends.
 */
export const WORKFLOW_RUN_NAME = "specforge: ${{ inputs.spec-path }} @ ${{ inputs.sha }}";

export function workflowRunName(specPath: string, sha: string): string {
  return `specforge: ${specPath} @ ${sha}`;
}

export function parseWorkflowRunName(title: string): { specPath: string; sha: string } | null {
  const m = /^specforge: (.+) @ ([0-9a-f]{7,40})$/.exec(title);
  return m ? { specPath: m[1] as string, sha: m[2] as string } : null;
}

/** The service pull request's title. */
export function servicePullRequestTitle(service: string, version: string): string {
  return truncate(`specforge: ${service} ${version}`, GITHUB_LIMITS.pullRequestTitle, "…");
}
