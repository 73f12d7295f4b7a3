import type { Finding } from "../core/findings.js";
import type { DeployOutcome, DeployStage } from "../deploy/types.js";
import type { EndpointResult } from "../verify/types.js";

/** Every phase a run may have, in order; `phases/index.ts` says what each does and when it applies. */
export const PHASES = ["analyze", "generate", "build", "verify", "deploy"] as const;
export type PhaseName = (typeof PHASES)[number];

/** `resumed`: done by an earlier run with the same SPEC and generator, taken from the checkpoint. */
export type PhaseStatus = "passed" | "failed" | "skipped" | "resumed";

export interface PhaseReport {
  name: PhaseName;
  status: PhaseStatus;
  durationMs: number;
  attempts: number;
}

/**
 * One try at one phase, timed from the start of the run: what the report
 * lists for every attempt (the ones recovered from included) and what a
 * timeline draws. A phase taken from an earlier run is one `resumed` entry.
 */
export interface AttemptReport {
  phase: PhaseName;
  /** 0 for a resumed phase. */
  attempt: number;
  status: "passed" | "failed" | "resumed";
  startMs: number;
  durationMs: number;
  /** For a failed attempt: its failure's pattern and the recovery strategy chosen next (none: the run stopped). */
  pattern?: string;
  strategy?: string;
  /** The first error, in one line. */
  detail?: string;
}

/** A failure's pattern, for people: "seen 3× since …; regenerate-with-findings worked 2/2". */
export interface PatternSeen {
  id: string;
  class: string;
  seen: number;
  since: string;
  strategies: Array<{ name: string; tried: number; worked: number }>;
}

/** What this run learned: the patterns of its failures and the prevention tests it kept. */
export interface LearnedReport {
  patterns: Array<{ id: string; code: string; phase: string; endpoint: string | null; class: string; seen: number; strategies: Array<{ name: string; tried: number; worked: number }> }>;
  preventionTests: Array<{ patternId: string; path: string; failsBefore: boolean; passesAfter: boolean }>;
}

export type PipelineEvent =
  | { type: "phase-start"; phase: PhaseName; attempt: number }
  /** After analyze, pass or fail: who the service is and the SPEC's hash (for checkpoints kept elsewhere). */
  | { type: "analyzed"; service: string; version: string; endpointCount: number; specHash: string; generator: string }
  /** After generate: the hash of the files the service is made of. */
  | { type: "generated"; filesHash: string }
  | { type: "progress"; phase: PhaseName; message: string }
  | { type: "finding"; phase: PhaseName; finding: Finding }
  | { type: "endpoint"; result: EndpointResult }
  /** An attempt failed: its pattern as the store now counts it, and the strategy the run goes on with (none: it stops). */
  | { type: "attempt-failed"; phase: PhaseName; attempt: number; pattern: PatternSeen | null; recovery: { strategy: string; record: string; resumeFrom: PhaseName } | null }
  /** A release being deployed (or deployed again to restore it), as it starts and ends. */
  | ({ type: "deploy-stage"; environment: string } & DeployStage)
  | { type: "phase-complete"; phase: PhaseName; status: PhaseStatus; durationMs: number; attempts: number };

export interface PipelineReport {
  verified: boolean;
  service: string;
  version: string;
  specPath: string;
  /** Hash of the SPEC's text (empty when it could not be read). */
  specHash: string;
  outDir: string;
  generator: string;
  phases: PhaseReport[];
  attempts: AttemptReport[];
  endpoints: EndpointResult[];
  findings: Finding[];
  durationMs: number;
  /** Set when the run stopped on purpose after this phase (an approval gate), not because it failed. */
  stoppedAfter?: PhaseName;
  learned?: LearnedReport;
  /** The deploy phase's outcome, when it ran. */
  deployment?: DeployOutcome;
}

export interface RetryPolicy {
  /** Tries at generation (the seed: "retry with refined prompt, up to 3 times"). */
  generateAttempts: number;
  /** Tries at the build (the seed: "attempt auto-fix, then retry, up to 2 times"). */
  buildAttempts: number;
  /** Tries at verification; a try after the first needs a strategy that can change the outcome (regeneration, a longer start). */
  verifyAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { generateAttempts: 3, buildAttempts: 2, verifyAttempts: 2 };
