import path from "node:path";
import { hasErrors, type Finding } from "../core/findings.js";
import type { ReleaseStore } from "../deploy/release-store.js";
import type { DeployTarget } from "../deploy/types.js";
import { computeFindingSignature } from "../learn/compute-signature.js";
import { LearningSession } from "../learn/learning-session.js";
import type { Signature } from "../learn/types.js";
import { DEFAULT_TARGET, getTarget } from "../synth/targets.js";
import { createTemplateGenerator } from "../synth/template-generator.js";
import type { Generator } from "../synth/types.js";
import type { BuildTimeouts } from "../verify/build-service.js";
import type { InstallCache } from "../verify/install-cache.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import type { VerifyChecks } from "../verify/types.js";
import { hashText, readCheckpoint, writeCheckpoint, type Checkpoint } from "./checkpoint.js";
import { generatorTag } from "./generator-tag.js";
import { analyze } from "./phases/analyze.js";
import { stopLaunched } from "./phases/build.js";
import { PIPELINE_PHASES } from "./phases/index.js";
import { rankStrategies, type StrategyChoice } from "./recovery.js";
import type { Phase, PhaseResult, RunContext } from "./run-context.js";
import { DEFAULT_RETRY_POLICY, type AttemptReport, type LearnedReport, type PhaseName, type PhaseReport, type PhaseStatus, type PipelineEvent, type PipelineReport, type RetryPolicy } from "./types.js";

export { generatorTag } from "./generator-tag.js";

export interface PipelineRequest {
  specPath: string;
  /** The service folder; defaults to `specforge-out/<service>` under the working directory. */
  outDir?: string;
  /** Ignore the checkpoint and redo every phase. */
  fresh?: boolean;
  /**
   * An earlier run's checkpoint kept elsewhere (the Action reads it from check
   * runs), used when the service folder has none of its own.
   */
  previous?: Checkpoint;
  /** Stop after this phase passes (an approval gate); the later phases are reported skipped. */
  stopAfter?: "generate" | "build" | "verify";
  retry?: Partial<RetryPolicy>;
  /** Where a verified build is deployed; none: the run ends with verify. */
  deploy?: DeployTarget | null;
  /** The commit the SPEC comes from, when known: releases and deployments name it. */
  ref?: string;
}

export interface PipelineDeps {
  runner: ProcessRunner;
  generator: Generator;
  onEvent?: (event: PipelineEvent) => void;
  now?: () => number;
  cwd?: string;
  buildTimeouts?: Partial<BuildTimeouts>;
  readyTimeoutMs?: number;
  /** Aborting stops the run before its next step (Ctrl-C); the phase under way reports failed. */
  signal?: AbortSignal;
  /** Where installed dependencies are kept between builds; none means `npm ci` every time. */
  installCache?: InstallCache;
  /** The pattern store this run learns from and into; none: it learns for this run only. */
  learning?: LearningSession;
  /** The caller's environment, for the deploy command's named variables. */
  env?: NodeJS.ProcessEnv;
  /** Where releases are kept (the Action: GitHub Deployments); by default under the service folder. */
  releaseStore?: ReleaseStore;
  /** Runs the deploy command, which is not generated code; `runner` by default. */
  deployRunner?: ProcessRunner;
  /** Called before deploying: makes the build a release elsewhere and gives its ref. */
  prepareRelease?: () => Promise<string>;
  /** The verify phase's checks beyond status and shape; all of them, 50 generated requests an endpoint, by default. */
  checks?: Partial<VerifyChecks>;
}

/**
 * analyze, then the phases of `phases/index.ts` in order (generate → build →
 * verify → deploy), with a checkpoint in the service folder so that a re-run
 * resumes after the last completed phase. A failed attempt is learned as a
 * pattern, and the run goes on with the recovery strategy that has the best
 * record for that pattern, within the retry limits. Never throws for a bad
 * SPEC or a failed build: the report says what happened.
 */
export async function runPipeline(request: PipelineRequest, deps: PipelineDeps): Promise<PipelineReport> {
  const now = deps.now ?? Date.now;
  const emit = deps.onEvent ?? (() => undefined);
  const cwd = deps.cwd ?? process.cwd();
  const target = getTarget(deps.generator.target ?? DEFAULT_TARGET);
  const retry = { ...DEFAULT_RETRY_POLICY, ...request.retry };
  const startedAt = now();
  const phases: PhaseReport[] = [];
  const attempts: AttemptReport[] = [];
  const findings: Finding[] = [];
  const aborted = () => deps.signal?.aborted === true;
  const report = (phase: PhaseName, ...found: Finding[]) => {
    for (const finding of found) {
      findings.push(finding);
      emit({ type: "finding", phase, finding });
    }
  };
  const setPhase = (name: PhaseName, status: PhaseStatus, durationMs: number, tries: number) => {
    const entry = { name, status, durationMs, attempts: tries };
    const index = phases.findIndex((p) => p.name === name);
    if (index >= 0) phases[index] = entry;
    else phases.push(entry);
    emit({ type: "phase-complete", phase: name, status, durationMs, attempts: tries });
  };

  const steps = PIPELINE_PHASES.filter((phase) => phase.applies(request));
  const order: PhaseName[] = ["analyze", ...steps.map((s) => s.name)];

  // analyze
  emit({ type: "phase-start", phase: "analyze", attempt: 1 });
  const analysis = await analyze(request.specPath, cwd, target);
  report("analyze", ...analysis.findings);
  const { spec } = analysis;
  const outDir = path.resolve(cwd, request.outDir ?? path.join("specforge-out", spec.name || "service"));
  const specHash = analysis.text ? hashText(analysis.text) : "";
  emit({ type: "analyzed", service: spec.name, version: spec.version, endpointCount: spec.endpoints.length, specHash, generator: generatorTag(deps.generator) });
  const base = { specPath: request.specPath, specHash, outDir, service: spec.name, version: spec.version };
  attempts.push({ phase: "analyze", attempt: 1, status: analysis.contract ? "passed" : "failed", startMs: 0, durationMs: now() - startedAt });
  if (!analysis.contract) {
    setPhase("analyze", "failed", now() - startedAt, 1);
    return finishReport(base, phases, order, { attempts, findings, endpoints: [], generator: generatorTag(deps.generator), durationMs: now() - startedAt });
  }
  emit({ type: "progress", phase: "analyze", message: `${spec.name} ${spec.version}: ${analysis.contract.endpoints.length} endpoints` });
  setPhase("analyze", "passed", now() - startedAt, 1);

  const run: RunContext = {
    specPath: request.specPath,
    spec,
    specText: analysis.text,
    contract: analysis.contract,
    outDir,
    cwd,
    target,
    runner: deps.runner,
    retry,
    signal: deps.signal,
    env: deps.env ?? {},
    buildTimeouts: deps.buildTimeouts,
    deployTarget: request.deploy ?? null,
    ref: request.ref ?? "",
    releaseStore: deps.releaseStore,
    deployRunner: deps.deployRunner ?? deps.runner,
    prepareRelease: deps.prepareRelease,
    learning: deps.learning ?? (await LearningSession.open(null)),
    now,
    emit,
    report,
    generator: deps.generator,
    checkpoint: { version: 1, specHash, generator: generatorTag(deps.generator), filesHash: "", completed: [], phases: [], endpoints: [] },
    previous: request.fresh ? null : ((await readCheckpoint(outDir)) ?? request.previous ?? null),
    previousFindings: [],
    installCache: deps.installCache,
    cleanInstall: false,
    readyTimeoutMs: deps.readyTimeoutMs ?? 15_000,
    checks: deps.checks ?? {},
    launched: undefined,
    endpoints: [],
    prevention: [],
    deployment: undefined,
  };

  const tries = new Map<PhaseName, number>();
  const firstStart = new Map<PhaseName, number>();
  /** The strategy last applied, until the phase that failed passes (it worked) or fails again (it did not). */
  let pending: { phase: PhaseName; patterns: string[]; strategy: string; since: number } | null = null;
  let stoppedAfter: PhaseName | undefined;
  let index = 0;
  while (index < steps.length) {
    const phase = steps[index] as Phase;
    if (!firstStart.has(phase.name)) {
      firstStart.set(phase.name, now());
      if (await phase.resume(run)) {
        attempts.push({ phase: phase.name, attempt: 0, status: "resumed", startMs: (firstStart.get(phase.name) as number) - startedAt, durationMs: now() - (firstStart.get(phase.name) as number) });
        setPhase(phase.name, "resumed", 0, 0);
        await completeCheckpoint(run, phase.name, phases);
        if (request.stopAfter === phase.name) {
          stoppedAfter = phase.name;
          break;
        }
        index++;
        continue;
      }
    }
    const attempt = (tries.get(phase.name) ?? 0) + 1;
    tries.set(phase.name, attempt);
    emit({ type: "phase-start", phase: phase.name, attempt });
    const attemptStart = now();
    const result: PhaseResult = await phase.attempt(run, attempt);
    const elapsed = () => now() - (firstStart.get(phase.name) as number);

    if (result.ok && !aborted()) {
      attempts.push({ phase: phase.name, attempt, status: "passed", startMs: attemptStart - startedAt, durationMs: now() - attemptStart });
      if (pending?.phase === phase.name) {
        for (const id of pending.patterns) run.learning.recovered(id, pending.strategy, true, now() - pending.since);
        pending = null;
      }
      await completeCheckpoint(run, phase.name, phases);
      setPhase(phase.name, "passed", elapsed(), attempt);
      if (request.stopAfter === phase.name) {
        stoppedAfter = phase.name;
        break;
      }
      index++;
      continue;
    }

    const failure = result.ok ? [] : result.findings;
    const signatures = uniqueSignatures(failure.filter((f) => f.severity === "error"), phase.name);
    const records = signatures.map((s) => run.learning.occurred(s, new Date(now())));
    if (pending) {
      for (const id of pending.patterns) run.learning.recovered(id, pending.strategy, false, now() - pending.since);
      pending = null;
    }
    const main = signatures[0];
    const choice: StrategyChoice | undefined =
      aborted() || !main
        ? undefined
        : rankStrategies(
            { phase: phase.name, findings: failure },
            { generatorCanChange: !run.generator.deterministic, canFallBack: run.generator.id !== "template" },
            run.learning.strategyStats(main.id),
            (resumeFrom) => steps.slice(steps.findIndex((s) => s.name === resumeFrom), index + 1).every((s) => (tries.get(s.name) ?? 0) < s.maxAttempts(run)),
          )[0];
    const firstError = failure.find((f) => f.severity === "error");
    attempts.push({
      phase: phase.name,
      attempt,
      status: "failed",
      startMs: attemptStart - startedAt,
      durationMs: now() - attemptStart,
      ...(main ? { pattern: main.id } : {}),
      ...(choice ? { strategy: choice.name } : {}),
      ...(firstError ? { detail: firstError.message } : {}),
    });
    const record = records[0];
    const pattern = record
      ? { id: record.id, class: record.class, seen: record.seen, since: record.firstSeen, strategies: Object.entries(record.strategies).map(([name, s]) => ({ name, tried: s.tried, worked: s.worked })) }
      : null;
    emit({ type: "attempt-failed", phase: phase.name, attempt, pattern, recovery: choice ? { strategy: choice.name, record: choice.record, resumeFrom: choice.resumeFrom } : null });
    if (!choice) {
      report(phase.name, ...failure);
      setPhase(phase.name, "failed", elapsed(), attempt);
      break;
    }
    report(phase.name, ...failure.map((f) => ({ ...f, severity: "warning" as const, message: `attempt ${attempt}: ${f.message}` })));
    await applyStrategy(run, choice, phase.name, failure);
    pending = { phase: phase.name, patterns: signatures.map((s) => s.id), strategy: choice.name, since: now() };
    index = steps.findIndex((s) => s.name === choice.resumeFrom);
  }

  // Started for a verify that did not come (a gate after build, an interrupted run).
  await stopLaunched(run);
  const learned = await saveLearning(run);
  return finishReport(base, phases, order, {
    attempts,
    findings,
    endpoints: run.endpoints,
    generator: generatorTag(run.generator),
    durationMs: now() - startedAt,
    learned,
    ...(stoppedAfter ? { stoppedAfter } : {}),
    ...(run.deployment ? { deployment: run.deployment } : {}),
  });
}

/** Turns the run's knobs as the chosen strategy says, before the run goes on from its phase. */
async function applyStrategy(run: RunContext, choice: StrategyChoice, failedPhase: PhaseName, failure: Finding[]): Promise<void> {
  switch (choice.name) {
    case "retry":
      // A generator asked again hears what went wrong the time before.
      if (failedPhase === "generate") run.previousFindings = [...run.previousFindings, ...failure];
      return;
    case "regenerate-with-findings":
      run.previousFindings = failure;
      return;
    case "clean-install":
      run.cleanInstall = true;
      return;
    case "longer-start-timeout":
      run.readyTimeoutMs *= 3;
      return;
    case "fallback-template":
      run.generator = await createTemplateGenerator(run.target.name);
      run.previousFindings = [];
      return;
  }
}

function uniqueSignatures(errors: Finding[], phase: PhaseName): Signature[] {
  const seen = new Map<string, Signature>();
  for (const finding of errors) {
    const signature = computeFindingSignature(finding, phase);
    if (!seen.has(signature.id)) seen.set(signature.id, signature);
  }
  return [...seen.values()];
}

async function completeCheckpoint(run: RunContext, phase: PhaseName, phases: PhaseReport[]): Promise<void> {
  run.checkpoint.completed = [...run.checkpoint.completed.filter((p) => p !== phase), phase];
  run.checkpoint.phases = phases.filter((p) => p.status !== "skipped");
  run.checkpoint.endpoints = run.endpoints;
  await writeCheckpoint(run.outDir, run.checkpoint);
}

/** Writes what the run learned to the store, and says it for the report. */
async function saveLearning(run: RunContext): Promise<LearnedReport> {
  for (const candidate of run.prevention) {
    if (candidate.failsBefore && candidate.passesAfter) run.learning.keepPreventionTest({ patternId: candidate.patternId, service: run.spec.name, content: candidate.content });
  }
  const written = await run.learning.save();
  return {
    patterns: run.learning.touched().map((p) => ({
      id: p.id,
      code: p.code ?? "",
      phase: p.phase ?? "",
      endpoint: p.endpoint,
      class: p.class,
      seen: p.seen,
      strategies: Object.entries(p.strategies).map(([name, s]) => ({ name, tried: s.tried, worked: s.worked })),
    })),
    preventionTests: run.prevention.map((c) => {
      const kept = written.find((w) => w.endsWith(`/${c.patternId}.test.mjs`));
      return { patternId: c.patternId, path: kept ?? "", failsBefore: c.failsBefore, passesAfter: c.passesAfter };
    }),
  };
}

function finishReport(
  base: { specPath: string; specHash: string; outDir: string; service: string; version: string },
  phases: PhaseReport[],
  order: PhaseName[],
  rest: Omit<PipelineReport, "verified" | "phases" | keyof typeof base | "service" | "version">,
): PipelineReport {
  for (const name of order) if (!phases.some((p) => p.name === name)) phases.push({ name, status: "skipped", durationMs: 0, attempts: 0 });
  phases.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  // Verified: verify passed (or was resumed) and nothing failed; a run held at a gate before deploy is verified.
  const verify = phases.find((p) => p.name === "verify");
  const verified = (verify?.status === "passed" || verify?.status === "resumed") && !phases.some((p) => p.status === "failed") && !hasErrors(rest.findings);
  return { verified, ...base, phases, ...rest };
}
