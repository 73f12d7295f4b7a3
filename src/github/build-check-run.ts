import type { GitHubClient } from "./create-octokit.js";
import { GITHUB_LIMITS } from "./limits.js";
import { buildCheckName } from "./names.js";
import { serviceFromPath, specKeyOf } from "./spec-identity.js";
import type { RepoRef } from "./types.js";

/**
 * The app's own check run for one SPEC on one commit: queued when the build is
 * dispatched, concluded when the workflow ends, and the one that carries the
 * Approve / Retry / Rollback buttons (GitHub sends a button's click only to
 * the app that created the check run).
 */
export function buildCheckRunName(specPath: string): string {
  return buildCheckName(serviceFromPath(specPath));
}

const PREFIX = "specforge:v1:dispatch:";

export function buildExternalId(specPath: string): string {
  return `${PREFIX}${specKeyOf(specPath)}:${specPath}`;
}

export function parseBuildExternalId(value: string | null | undefined): { specPath: string } | null {
  if (!value?.startsWith(PREFIX)) return null;
  const rest = value.slice(PREFIX.length);
  const colon = rest.indexOf(":");
  if (colon < 0) return null;
  const specPath = rest.slice(colon + 1);
  return specKeyOf(specPath) === rest.slice(0, colon) ? { specPath } : null;
}

export type BuildButton = "approve" | "retry" | "rollback";

const BUTTONS: Record<BuildButton, { label: string; description: string; identifier: string }> = {
  approve: { label: "Approve", description: "Approve the gate; the build goes on", identifier: "approve" },
  retry: { label: "Retry", description: "Run the build again", identifier: "retry" },
  rollback: { label: "Rollback", description: "Rebuild from the last good commit", identifier: "rollback" },
};

/** At most three buttons, in a fixed order, within GitHub's label and description limits. */
export function toActions(buttons: BuildButton[]) {
  return (["approve", "retry", "rollback"] as const).filter((b) => buttons.includes(b)).slice(0, GITHUB_LIMITS.actionsPerCheckRun).map((b) => BUTTONS[b]);
}

/** Our check run for this SPEC on this commit, if there is one. */
export async function findBuildCheckRun(octokit: GitHubClient, repo: RepoRef, sha: string, specPath: string) {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: sha, check_name: buildCheckRunName(specPath), filter: "all", per_page: 100 });
  return data.check_runs.find((run) => run.external_id === buildExternalId(specPath)) ?? null;
}
