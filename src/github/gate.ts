import { parseExternalId } from "./check-run-output.js";
import type { GitHubClient } from "./create-octokit.js";
import { specKeyOf } from "./spec-identity.js";
import type { RepoRef } from "./types.js";

export const GATE_PHASE = "approval";

/** Whether the Action left an approval gate waiting for this SPEC on this commit. */
export async function gateCheckRunPending(octokit: GitHubClient, repo: RepoRef, sha: string, specPath: string): Promise<boolean> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, { ...repo, ref: sha, per_page: 100 });
  const key = specKeyOf(specPath);
  return runs.some((run) => {
    const id = parseExternalId(run.external_id);
    return id?.phase === (GATE_PHASE as string) && id.specKey === key && run.conclusion === "action_required";
  });
}
