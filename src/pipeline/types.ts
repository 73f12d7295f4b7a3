import type { Finding } from "../core/findings.js";
import type { EndpointResult } from "../verify/types.js";

export const PHASES = ["analyze", "generate", "build", "verify"] as const;
export type PhaseName = (typeof PHASES)[number];

/** `resumed`: done by an earlier run with the same SPEC and generator, taken from the checkpoint. */
export type PhaseStatus = "passed" | "failed" | "skipped" | "resumed";

export interface PhaseReport {
  name: PhaseName;
  status: PhaseStatus;
  durationMs: number;
  attempts: number;
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
  /** `attempts`: how many tries the phase took (0 when resumed or skipped). */
  | { type: "phase-complete"; phase: PhaseName; status: PhaseStatus; durationMs: number; attempts: number };

/** One try at a phase, timed from the start of the run: what a timeline draws. */
export interface AttemptReport {
  phase: PhaseName;
  attempt: number;
  startMs: number;
  durationMs: number;
  /** `failed` for a try another one followed. */
  status: PhaseStatus;
}

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
  /** Every try at every phase that ran or resumed, in order. */
  timeline: AttemptReport[];
  endpoints: EndpointResult[];
  findings: Finding[];
  durationMs: number;
  /** Set when the run stopped on purpose after this phase (an approval gate), not because it failed. */
  stoppedAfter?: PhaseName;
}

export interface RetryPolicy {
  /** Tries at generation (the seed: "retry with refined prompt, up to 3 times"). */
  generateAttempts: number;
  /** Tries at the build (the seed: "attempt auto-fix, then retry, up to 2 times"). */
  buildAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { generateAttempts: 3, buildAttempts: 2 };
