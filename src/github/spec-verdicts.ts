import { PHASES, type PhaseName } from "../pipeline/types.js";
import { parseExternalId } from "./check-run-output.js";
import type { GitHubClient } from "./create-octokit.js";
import { GATE_PHASE } from "./gate.js";
import { serviceFromPath, specKeyOf } from "./spec-identity.js";
import type { RepoRef } from "./types.js";

/** Where one SPEC's build stands on a commit. */
export type SpecState = "waiting" | "failed" | "cancelled" | "verified" | "building" | "not-built";

export interface SpecVerdict {
  specPath: string;
  /** The SPEC's folder name: what commands call it (`/retry billing`). */
  service: string;
  state: SpecState;
  /** The check run that says most about the state (the failed phase, the gate, verify), if any. */
  checkRun: { name: string; url: string; title: string } | null;
}

/** A check run as GitHub lists it for a commit: the fields the verdicts need. */
export interface ListedCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  html_url: string | null;
  output: { title: string | null; text?: string | null };
}

/** Every check run on the commit (GitHub keeps the latest of each name). */
export async function listCommitCheckRuns(octokit: GitHubClient, repo: RepoRef, sha: string): Promise<ListedCheckRun[]> {
  return octokit.paginate(octokit.rest.checks.listForRef, { ...repo, ref: sha, filter: "latest", per_page: 100 });
}

/**
 * Each SPEC's state, read from the Action's check runs on the commit (their
 * external_id names the SPEC and the phase). `ended` is the workflow run's
 * conclusion when one just ended, for SPECs whose job failed before it could
 * report anything.
 */
export function specVerdicts(specPaths: readonly string[], runs: readonly ListedCheckRun[], ended?: string | null): SpecVerdict[] {
  return specPaths.map((specPath) => {
    const key = specKeyOf(specPath);
    const ours = runs.map((run) => ({ run, id: parseExternalId(run.external_id) })).filter((x) => x.id?.specKey === key);
    const phase = (name: PhaseName | typeof GATE_PHASE) => ours.find((x) => x.id?.phase === name)?.run;
    const link = (run: ListedCheckRun | undefined) => (run ? { name: run.name, url: run.html_url ?? "", title: run.output.title ?? "" } : null);
    const gate = phase(GATE_PHASE);
    const failed = PHASES.map(phase).find((run) => run?.conclusion === "failure");
    const cancelled = PHASES.map(phase).find((run) => run?.conclusion === "cancelled");
    const running = PHASES.map(phase).find((run) => run !== undefined && run.status !== "completed");
    const verify = phase("verify");
    const base = { specPath, service: serviceFromPath(specPath) };
    if (gate?.conclusion === "action_required") return { ...base, state: "waiting", checkRun: link(gate) };
    if (failed) return { ...base, state: "failed", checkRun: link(failed) };
    if (cancelled) return { ...base, state: "cancelled", checkRun: link(cancelled) };
    if (running) return { ...base, state: "building", checkRun: link(running) };
    if (verify?.conclusion === "success") return { ...base, state: "verified", checkRun: link(verify) };
    if (ours.length === 0 && ended && ended !== "success") return { ...base, state: ended === "cancelled" ? "cancelled" : "failed", checkRun: null };
    return { ...base, state: ours.length === 0 ? "not-built" : "building", checkRun: link(ours[0]?.run) };
  });
}
