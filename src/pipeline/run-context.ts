import type { Finding } from "../core/findings.js";
import type { ReleaseStore } from "../deploy/release-store.js";
import type { DeployTarget, DeployOutcome } from "../deploy/types.js";
import type { LearningSession } from "../learn/learning-session.js";
import type { PreventionPlan } from "../learn/prevention-test.js";
import type { Contract } from "../spec/to-contract.js";
import type { ServiceSpec } from "../spec/types.js";
import type { Target } from "../synth/targets.js";
import type { Generator } from "../synth/types.js";
import type { BuildTimeouts } from "../verify/build-service.js";
import type { InstallCache } from "../verify/install-cache.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import type { EndpointResult, VerifyChecks } from "../verify/types.js";
import type { LaunchedService } from "../verify/verify-service.js";
import type { Checkpoint } from "./checkpoint.js";
import type { PhaseName, PipelineEvent, RetryPolicy } from "./types.js";

/** A prevention test written for a failure of this run, waiting to be seen pass once the run recovers. */
export interface PreventionCandidate {
  patternId: string;
  endpoint: string;
  plan: PreventionPlan;
  content: string;
  failsBefore: boolean;
  passesAfter: boolean;
}

/**
 * The state one run carries from phase to phase: what analysis found, where
 * the service is, and the knobs recovery strategies turn. Phases read and
 * write it; the driver (`run-pipeline.ts`) decides which runs next.
 */
export interface RunContext {
  readonly specPath: string;
  readonly spec: ServiceSpec;
  readonly specText: string;
  readonly contract: Contract;
  readonly outDir: string;
  readonly cwd: string;
  readonly target: Target;
  readonly runner: ProcessRunner;
  readonly retry: RetryPolicy;
  readonly signal: AbortSignal | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly buildTimeouts: Partial<BuildTimeouts> | undefined;
  readonly deployTarget: DeployTarget | null;
  /** The commit the SPEC was built from, when known (releases and deployments name it). */
  readonly ref: string;
  /** Where releases are kept; by default under the service folder. */
  readonly releaseStore: ReleaseStore | undefined;
  /** Runs the deploy command (the team's own program, not generated code). */
  readonly deployRunner: ProcessRunner;
  /** Makes the verified build a release elsewhere first (in GitHub: the commit on its branch), giving its ref. */
  readonly prepareRelease: (() => Promise<string>) | undefined;
  readonly learning: LearningSession;
  now(): number;
  emit(event: PipelineEvent): void;
  /** A finding of the phase under way: reported now, part of the report. */
  report(phase: PhaseName, ...findings: Finding[]): void;

  /** The generator; a fallback strategy may swap in the template. */
  generator: Generator;
  checkpoint: Checkpoint;
  previous: Checkpoint | null;
  /** What the next generation attempt is asked to fix. */
  previousFindings: Finding[];
  installCache: InstallCache | undefined;
  /** Set by the clean-install strategy: the next build removes installed dependencies first. */
  cleanInstall: boolean;
  readyTimeoutMs: number;
  /** The verify phase's checks beyond status and shape (`VerifyChecks`), as the run was told. */
  readonly checks: Partial<VerifyChecks>;
  /** The built service, started by the build while its tests ran; the verify phase probes it. */
  launched: LaunchedService | undefined;
  endpoints: EndpointResult[];
  /** Prevention tests written for this run's failures. */
  prevention: PreventionCandidate[];
  deployment: DeployOutcome | undefined;
}

/** One try at a phase: passed, or failed with what went wrong (its error findings). */
export type PhaseResult = { ok: true } | { ok: false; findings: Finding[] };

/**
 * A step of the pipeline after analysis. To add one: a module in
 * `src/pipeline/phases/` with this shape, its name in `PHASES`, and a line
 * in `phases/index.ts`.
 */
export interface Phase {
  name: PhaseName;
  /** Whether a run has the phase at all (deploy only with a deploy target): known before analysis. */
  applies(request: { deploy?: DeployTarget | null }): boolean;
  /** An earlier run already did it for the same SPEC, generator and files: taken as it is. */
  resume(run: RunContext): Promise<boolean>;
  attempt(run: RunContext, attempt: number): Promise<PhaseResult>;
  /** How many tries the run's limits allow. */
  maxAttempts(run: RunContext): number;
}
