import type { ApprovalMode } from "../config/approval-modes.js";
import { checkRunName, parseExternalId, toExternalId } from "./check-run-output.js";
import type { GitHubClient } from "./create-octokit.js";
import { GITHUB_LIMITS, truncate } from "./limits.js";
import { specKeyOf } from "./spec-identity.js";
import type { RepoRef } from "./types.js";

export const GATE_PHASE = "approval";

/**
 * Where a build waits for a person: `final` before deploy (after verify),
 * `checkpoints` after generation (and before deploy). An approved build
 * passes its gates.
 */
export function gateStop(mode: ApprovalMode, approved: boolean): "generate" | "verify" | null {
  if (approved || mode === "auto") return null;
  return mode === "checkpoints" ? "generate" : "verify";
}

export interface GateTarget extends RepoRef {
  sha: string;
  specPath: string;
  detailsUrl: string;
  service: string;
  specHash: string;
  generator: string;
}

/**
 * The gate's check run: action_required while it waits (the app puts an
 * Approve button on its own check run), success once approved.
 */
export async function publishGate(
  octokit: GitHubClient,
  target: GateTarget,
  state: { waitingAfter: "generate" | "verify" } | { approvedBy: string; notes: string },
): Promise<number> {
  const waiting = "waitingAfter" in state;
  const body = {
    name: checkRunName(target.service, GATE_PHASE),
    status: "completed" as const,
    conclusion: waiting ? ("action_required" as const) : ("success" as const),
    completed_at: new Date().toISOString(),
    details_url: target.detailsUrl,
    external_id: toExternalId({ phase: GATE_PHASE, specKey: specKeyOf(target.specPath), specHash: target.specHash, filesHash: "", generator: target.generator }),
    output: waiting
      ? {
          title: state.waitingAfter === "generate" ? "Waiting for approval of the generated code" : "Verified; waiting for approval before deploy",
          summary: "Comment `/approve [notes]` on the service's pull request, or click **Approve** on the specforge check run. People with write access (or named in `approvers`) may approve.",
        }
      : {
          title: truncate(`Approved by @${state.approvedBy || "someone"}`, GITHUB_LIMITS.checkRunTitle, "…"),
          summary: state.notes ? `Notes: ${truncate(state.notes, 2000, "…")}` : "Approved without notes.",
        },
  };
  const existing = await findGate(octokit, target);
  if (existing) return (await octokit.rest.checks.update({ owner: target.owner, repo: target.repo, check_run_id: existing, ...body })).data.id;
  return (await octokit.rest.checks.create({ owner: target.owner, repo: target.repo, head_sha: target.sha, ...body })).data.id;
}

async function findGate(octokit: GitHubClient, target: GateTarget): Promise<number | null> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, { owner: target.owner, repo: target.repo, ref: target.sha, per_page: 100 });
  const key = specKeyOf(target.specPath);
  return runs.find((run) => {
    const id = parseExternalId(run.external_id);
    return id?.phase === GATE_PHASE && id.specKey === key;
  })?.id ?? null;
}

/** Whether the Action left an approval gate waiting for this SPEC on this commit. */
export async function gateCheckRunPending(octokit: GitHubClient, repo: RepoRef, sha: string, specPath: string): Promise<boolean> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, { ...repo, ref: sha, per_page: 100 });
  const key = specKeyOf(specPath);
  return runs.some((run) => {
    const id = parseExternalId(run.external_id);
    return id?.phase === GATE_PHASE && id.specKey === key && run.conclusion === "action_required";
  });
}
