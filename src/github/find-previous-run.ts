import type { Checkpoint } from "../pipeline/checkpoint.js";
import { PHASES, type PhaseName } from "../pipeline/types.js";
import { parseEndpointsText, parseExternalId } from "./check-run-output.js";
import type { GitHubClient } from "./create-octokit.js";
import type { RepoRef } from "./types.js";

export interface PreviousRun {
  /** Our check runs for this SPEC on this commit, by phase: a re-run updates them instead of adding more. */
  ids: Map<PhaseName, number>;
  /** What they prove was done, as a checkpoint the pipeline can resume from. */
  checkpoint: Checkpoint | null;
  /** The approval gate's check run, if an earlier run left one. */
  gateId: number | null;
  /** Its text: the approvals recorded so far. */
  gateText: string | null;
}

/**
 * Reads an earlier run of the same SPEC on the same commit back from its
 * check runs (their external_id carries the SPEC and files hashes). The
 * state lives in GitHub, so a re-run on a fresh runner can resume.
 */
export async function findPreviousRun(octokit: GitHubClient, target: RepoRef & { sha: string; specKey: string }): Promise<PreviousRun> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, { owner: target.owner, repo: target.repo, ref: target.sha, filter: "latest", per_page: 100 });
  const ours = runs
    .map((run) => ({ run, id: parseExternalId(run.external_id) }))
    .filter((x): x is { run: (typeof runs)[number]; id: NonNullable<ReturnType<typeof parseExternalId>> } => x.id !== null && x.id.specKey === target.specKey);
  const ids = new Map<PhaseName, number>();
  for (const { run, id } of ours) {
    const phase = id.phase;
    if (phase !== "approval" && !ids.has(phase)) ids.set(phase, run.id);
  }

  const gateRun = ours.find((x) => x.id.phase === "approval")?.run;
  const gateId = gateRun?.id ?? null;
  const gateText = gateRun?.output.text ?? null;
  const generated = ours.find((x) => x.id.phase === "generate" && x.run.conclusion === "success" && x.id.filesHash);
  if (!generated) return { ids, checkpoint: null, gateId, gateText };
  const same = (x: (typeof ours)[number]) =>
    x.run.conclusion === "success" && x.id.specHash === generated.id.specHash && x.id.generator === generated.id.generator && (x.id.phase === "analyze" || x.id.filesHash === generated.id.filesHash);
  const completed = PHASES.filter((phase) => ours.some((x) => x.id.phase === phase && same(x)));
  const verify = ours.find((x) => x.id.phase === "verify" && same(x));
  const endpoints = verify ? parseEndpointsText(verify.run.output.text) : [];
  return {
    ids,
    gateId,
    gateText,
    checkpoint: {
      version: 1,
      specHash: generated.id.specHash,
      generator: generated.id.generator,
      filesHash: generated.id.filesHash,
      // Verify counts only if its results came back with it.
      completed: endpoints === null ? completed.filter((p) => p !== "verify") : completed,
      phases: [],
      endpoints: endpoints ?? [],
    },
  };
}
