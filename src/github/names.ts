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
 * The build workflow's run-name, `specforge: <sha> <SPEC paths as JSON>`.
 * The workflow file writes it with expressions (`WORKFLOW_RUN_NAME`); the app
 * computes it before a dispatch (to see whether that build already runs) and
 * parses it back when the run ends. The JSON is exactly the `specs` input the
 * app sent (`toSpecsInput`), so the same build always has the same name. The
 * commit comes first: should GitHub cut a long name, the commit and the first
 * SPECs survive, and the SPEC list is read from the run's jobs instead.
 */
export const WORKFLOW_RUN_NAME = "specforge: ${{ inputs.sha }} ${{ inputs.specs }}";

/** The `specs` workflow input: the SPEC paths, sorted, as compact JSON. */
export function toSpecsInput(specPaths: readonly string[]): string {
  return JSON.stringify([...new Set(specPaths)].sort());
}

export function workflowRunName(specPaths: readonly string[], sha: string): string {
  return `specforge: ${sha} ${toSpecsInput(specPaths)}`;
}

/** A build's run-name read back: the commit, and the SPECs unless the name was cut short (then null). */
export function parseWorkflowRunName(title: string): { sha: string; specPaths: string[] | null } | null {
  const m = /^specforge: ([0-9a-f]{7,40}) (\[.*)$/.exec(title);
  if (m) return { sha: m[1] as string, specPaths: parseSpecList(m[2] as string) };
  // Runs dispatched before the matrix were named `specforge: <one SPEC path> @ <sha>`.
  const old = /^specforge: (.+) @ ([0-9a-f]{7,40})$/.exec(title);
  return old ? { sha: old[2] as string, specPaths: [old[1] as string] } : null;
}

function parseSpecList(json: string): string[] | null {
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) && parsed.length > 0 && parsed.every((p): p is string => typeof p === "string" && p !== "") ? parsed : null;
  } catch {
    return null;
  }
}

/** Whether a run's title is this run-name, or the start of it where GitHub cut a long one. */
export function isRunNamed(title: string, runName: string): boolean {
  if (title === runName) return true;
  const kept = title.replace(/(…|\.\.\.)$/, "");
  return parseWorkflowRunName(title)?.specPaths === null && kept.length > "specforge: ".length + 8 && runName.startsWith(kept);
}

/** The matrix job that builds one SPEC, `build <spec path>`, as the workflow names it. */
export const MATRIX_JOB_NAME = "build ${{ matrix.spec }}";

export function parseMatrixJobName(name: string): string | null {
  return name.startsWith("build ") && name.length > "build ".length ? name.slice("build ".length) : null;
}

/** The app's check run on a commit: one for every SPEC built there, carrying the buttons. */
export function commitCheckName(services: readonly string[]): string {
  if (services.length === 1) return buildCheckName(services[0] as string);
  return truncate(`specforge: ${services.length} services`, GITHUB_LIMITS.checkRunName, "…");
}

/** Hidden in the status comment specforge keeps on a pull request, so any replica finds it again. */
export const STATUS_COMMENT_MARKER = "<!-- specforge:status -->";

/** The service pull request's title. */
export function servicePullRequestTitle(service: string, version: string): string {
  return truncate(`specforge: ${service} ${version}`, GITHUB_LIMITS.pullRequestTitle, "…");
}
