import type { ApprovalMode } from "../config/approval-modes.js";
import { toLedgerText, type ApprovalLedger } from "./approvals.js";
import type { PipelineReport } from "../pipeline/types.js";
import { parseExternalId, toExternalId } from "./check-run-output.js";
import type { GitHubClient } from "./create-octokit.js";
import { GITHUB_LIMITS, truncate } from "./limits.js";
import { phaseCheckName } from "./names.js";
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

/** Whether the gate waits once this run is over: after generation, or after a verified build. */
export function isGateWaiting(gate: "generate" | "verify" | null, report: PipelineReport): boolean {
  return gate === "generate" ? report.stoppedAfter === "generate" : gate === "verify" && report.verified;
}

export interface GateTarget extends RepoRef {
  sha: string;
  specPath: string;
  detailsUrl: string;
  service: string;
  specHash: string;
  generator: string;
}

/** How many people must approve before deploy, and who has, by the risk of the SPEC change. */
export interface GateApprovals {
  needed: number;
  ledger: ApprovalLedger;
  grade: string;
  reasons: string[];
  /** Why this run's approval did not count, if it did not. */
  refused: string | null;
}

export type GateState =
  | { waitingAfter: "generate" | "verify"; approvals?: GateApprovals }
  | { approvedBy: string; notes: string; approvals?: GateApprovals };

/**
 * The gate's check run: action_required while it waits (the app puts an
 * Approve button on its own check run), success once approved. With risk-graded
 * approvals it says the grade, its reasons and who has approved; the ledger
 * of approvals lives in its text, so the next run reads it back from GitHub.
 */
export async function publishGate(
  octokit: GitHubClient,
  target: GateTarget,
  state: GateState,
  /** The gate's check run from an earlier run of this SPEC on this commit, to update instead of duplicating. */
  existingId: number | null,
): Promise<number> {
  const waiting = "waitingAfter" in state;
  const approvals = state.approvals;
  const who = approvals && approvals.ledger.approvals.length > 0 ? approvals.ledger.approvals.map((a) => `@${a.login}`).join(", ") : "";
  const risk = approvals
    ? [
        "",
        `**Risk of the SPEC change: ${approvals.grade}**: ${approvals.needed} approval${approvals.needed === 1 ? "" : "s"} before deploy${who ? `; approved so far by ${who}` : ""}.`,
        ...approvals.reasons.slice(0, 20).map((r) => `- ${r}`),
        ...(approvals.refused ? ["", `Not counted: ${approvals.refused}.`] : []),
      ]
    : [];
  const title = waiting
    ? approvals && approvals.needed > 0
      ? `Waiting for approval before deploy: ${approvals.ledger.approvals.length} of ${approvals.needed} (${approvals.grade} risk)`
      : state.waitingAfter === "generate"
        ? "Waiting for approval of the generated code"
        : "Verified; waiting for approval before deploy"
    : `Approved by ${who || `@${state.approvedBy || "someone"}`}`;
  const summary = waiting
    ? "Comment `/approve [notes]` on the pull request, or click **Approve** on the specforge check run. People with write access (or named in `approvers`) may approve."
    : state.notes
      ? `Notes: ${truncate(state.notes, 2000, "…")}`
      : "Approved without notes.";
  const body = {
    name: phaseCheckName(target.service, GATE_PHASE),
    status: "completed" as const,
    conclusion: waiting ? ("action_required" as const) : ("success" as const),
    completed_at: new Date().toISOString(),
    details_url: target.detailsUrl,
    external_id: toExternalId({ phase: GATE_PHASE, specKey: specKeyOf(target.specPath), specHash: target.specHash, filesHash: "", generator: target.generator }),
    output: {
      title: truncate(title, GITHUB_LIMITS.checkRunTitle, "…"),
      summary: truncate([summary, ...risk].join("\n"), GITHUB_LIMITS.checkRunSummary),
      ...(approvals ? { text: toLedgerText(approvals.ledger) } : {}),
    },
  };
  if (existingId !== null) return (await octokit.rest.checks.update({ owner: target.owner, repo: target.repo, check_run_id: existingId, ...body })).data.id;
  return (await octokit.rest.checks.create({ owner: target.owner, repo: target.repo, head_sha: target.sha, ...body })).data.id;
}

/** The approval gate's check run for this SPEC on this commit, in a list of the commit's check runs. */
export function findGateRun<T extends { external_id: string | null }>(runs: T[], specPath: string): T | undefined {
  const key = specKeyOf(specPath);
  return runs.find((run) => {
    const id = parseExternalId(run.external_id);
    return id?.phase === GATE_PHASE && id.specKey === key;
  });
}

/** Whether the Action left an approval gate waiting for this SPEC on this commit. */
export async function gateCheckRunPending(octokit: GitHubClient, repo: RepoRef, sha: string, specPath: string): Promise<boolean> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, { ...repo, ref: sha, per_page: 100 });
  return findGateRun(runs, specPath)?.conclusion === "action_required";
}
