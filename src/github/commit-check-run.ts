import { verdictTable } from "../report/spec-states.js";
import type { GitHubClient } from "./create-octokit.js";
import { GITHUB_LIMITS, truncate } from "./limits.js";
import { commitCheckName } from "./names.js";
import type { ListedCheckRun, SpecVerdict } from "./spec-verdicts.js";
import type { RepoRef } from "./types.js";
import type { CheckConclusion } from "./check-run-output.js";

/**
 * The app's own check run on a commit: one for every SPEC built there. It is
 * created when a build's workflow run ends, says how each SPEC came out, and
 * carries the Approve / Retry / Rollback buttons: GitHub sends a click only to
 * the app that created the check run, so the Action's phase check runs can't.
 * Which SPECs it stands for is kept in its own text, so any replica (and a
 * click) reads them back from GitHub.
 */
export const COMMIT_EXTERNAL_ID = "specforge:v2:commit";

const SPECS_MARKER = "specforge-specs:";

export function specsText(specPaths: readonly string[]): string {
  return `<!-- ${SPECS_MARKER}${Buffer.from(JSON.stringify([...specPaths])).toString("base64")} -->`;
}

export function parseSpecsText(text: string | null | undefined): string[] {
  const m = new RegExp(`<!-- ${SPECS_MARKER}([A-Za-z0-9+/=]+) -->`).exec(text ?? "");
  if (!m) return [];
  try {
    const parsed = JSON.parse(Buffer.from(m[1] as string, "base64").toString("utf8")) as unknown;
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === "string") : [];
  } catch {
    return [];
  }
}

export function findCommitCheckRun<T extends { external_id: string | null }>(runs: readonly T[]): T | undefined {
  return runs.find((run) => run.external_id === COMMIT_EXTERNAL_ID);
}

export type BuildButton = "approve" | "retry" | "rollback";

const BUTTONS: Record<BuildButton, { label: string; description: string; identifier: string }> = {
  approve: { label: "Approve", description: "Approve the waiting gates", identifier: "approve" },
  retry: { label: "Retry", description: "Build the failed SPECs again", identifier: "retry" },
  rollback: { label: "Rollback", description: "Rebuild failed ones from last good", identifier: "rollback" },
};

/** At most three buttons, in a fixed order, within GitHub's label and description limits. */
export function toActions(buttons: readonly BuildButton[]) {
  return (["approve", "retry", "rollback"] as const).filter((b) => buttons.includes(b)).slice(0, GITHUB_LIMITS.actionsPerCheckRun).map((b) => BUTTONS[b]);
}

/** What the buttons do for these verdicts: approve what waits, retry and roll back what failed. */
export function buttonsFor(verdicts: readonly SpecVerdict[]): BuildButton[] {
  const buttons: BuildButton[] = [];
  if (verdicts.some((v) => v.state === "waiting")) buttons.push("approve");
  if (verdicts.some((v) => v.state === "failed" || v.state === "cancelled")) buttons.push("retry");
  if (verdicts.some((v) => v.state === "failed")) buttons.push("rollback");
  return buttons;
}

/** The SPECs a button acts on. */
export function specsForButton(button: BuildButton, verdicts: readonly SpecVerdict[]): string[] {
  const pick = (states: string[]) => verdicts.filter((v) => states.includes(v.state)).map((v) => v.specPath);
  if (button === "approve") return pick(["waiting"]);
  if (button === "rollback") return pick(["failed"]);
  const failed = pick(["failed", "cancelled"]);
  return failed.length > 0 ? failed : verdicts.map((v) => v.specPath);
}

function overall(verdicts: readonly SpecVerdict[]): { conclusion: CheckConclusion; title: string } {
  const count = (state: string) => verdicts.filter((v) => v.state === state).length;
  const one = verdicts.length === 1 ? verdicts[0] : undefined;
  if (count("waiting") > 0) return { conclusion: "action_required", title: one ? "Waiting for approval: click Approve or comment /approve" : `${count("waiting")} waiting for approval: click Approve or comment /approve` };
  if (count("failed") > 0) return { conclusion: "failure", title: one ? `Build failed: ${one.checkRun?.title || "see the phase check runs"}` : `${count("failed")} of ${verdicts.length} failed` };
  if (count("cancelled") > 0) return { conclusion: "cancelled", title: "Build cancelled" };
  if (count("verified") === verdicts.length) return { conclusion: "success", title: one ? "Built and verified" : `All ${verdicts.length} built and verified` };
  return { conclusion: "neutral", title: `${count("verified")} of ${verdicts.length} verified; the others have not finished` };
}

/**
 * Creates or updates the commit's check run from the verdicts. `existing` is
 * the one an earlier run left (found by its external_id), so a commit keeps
 * exactly one whichever replica or delivery writes it.
 */
export async function publishCommitCheckRun(
  octokit: GitHubClient,
  target: RepoRef & { sha: string; detailsUrl: string; specUrl: (specPath: string) => string },
  verdicts: readonly SpecVerdict[],
  existing: ListedCheckRun | undefined,
): Promise<number> {
  const { conclusion, title } = overall(verdicts);
  const summary = [
    ...verdictTable(verdicts, target.specUrl),
    "",
    buttonsFor(verdicts).length > 0
      ? "The buttons act on the SPECs in that state (Approve: those waiting; Retry and Rollback: those that failed). The same commands work as comments on the pull request: `/approve`, `/retry`, `/rollback`."
      : "Nothing here waits for anyone.",
  ].join("\n");
  const body = {
    name: commitCheckName(verdicts.map((v) => v.service)),
    status: "completed" as const,
    conclusion,
    completed_at: new Date().toISOString(),
    details_url: target.detailsUrl,
    external_id: COMMIT_EXTERNAL_ID,
    output: { title: truncate(title, GITHUB_LIMITS.checkRunTitle, "…"), summary: truncate(summary, GITHUB_LIMITS.checkRunSummary), text: specsText(verdicts.map((v) => v.specPath)) },
    actions: toActions(buttonsFor(verdicts)),
  };
  if (existing) return (await octokit.rest.checks.update({ owner: target.owner, repo: target.repo, check_run_id: existing.id, ...body })).data.id;
  return (await octokit.rest.checks.create({ owner: target.owner, repo: target.repo, head_sha: target.sha, ...body })).data.id;
}
