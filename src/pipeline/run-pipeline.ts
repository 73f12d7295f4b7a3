import path from "node:path";
import { ErrorCode } from "../core/error-codes.js";
import { pathExists } from "../core/path-exists.js";
import { hasErrors, type Finding } from "../core/findings.js";
import { analyzeSpecFile } from "../spec/analyze-spec-file.js";
import { toContract } from "../spec/to-contract.js";
import type { ServiceSpec } from "../spec/types.js";
import { SERVICE_LAYOUT } from "../synth/service-layout.js";
import type { GeneratedFile, Generator } from "../synth/types.js";
import { resolveInside, writeServiceFiles } from "../synth/write-service-files.js";
import { buildService, type BuildTimeouts } from "../verify/build-service.js";
import type { InstallCache } from "../verify/install-cache.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import type { EndpointResult } from "../verify/types.js";
import { verifyService } from "../verify/verify-service.js";
import {
  CHECKPOINT_DIR,
  hashGeneratedFiles,
  hashServiceFiles,
  hashText,
  readCheckpoint,
  canResumeGenerate,
  resumableAfterGenerate,
  writeCheckpoint,
  type Checkpoint,
} from "./checkpoint.js";
import { DEFAULT_RETRY_POLICY, PHASES, type AttemptReport, type PhaseName, type PhaseReport, type PhaseStatus, type PipelineEvent, type PipelineReport, type RetryPolicy } from "./types.js";

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
  stopAfter?: "generate" | "build";
  retry?: Partial<RetryPolicy>;
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
}

/** Files a generated service cannot do without; their absence fails generation. */
const REQUIRED_FILES = ["package.json", "package-lock.json", SERVICE_LAYOUT.tsconfig];

/**
 * analyze → generate → build → verify, with the seed's retry policy and a
 * checkpoint in the service folder so that a re-run resumes after the last
 * completed phase. Never throws for a bad SPEC or a failed build: the report
 * says what happened.
 */
export async function runPipeline(request: PipelineRequest, deps: PipelineDeps): Promise<PipelineReport> {
  const now = deps.now ?? Date.now;
  const emit = deps.onEvent ?? (() => undefined);
  const retry = { ...DEFAULT_RETRY_POLICY, ...request.retry };
  const startedAt = now();
  const phases: PhaseReport[] = [];
  const findings: Finding[] = [];
  let endpoints: EndpointResult[] = [];

  const timeline: AttemptReport[] = [];
  /** The try under way at this phase, if any: the next start or the phase's end closes it. */
  const closeAttempt = (phase: PhaseName, status: PhaseStatus) => {
    const open = timeline.find((a) => a.phase === phase && a.durationMs < 0);
    if (open) Object.assign(open, { durationMs: now() - startedAt - open.startMs, status });
  };
  const startPhase = (phase: PhaseName, attempt: number) => {
    closeAttempt(phase, "failed");
    timeline.push({ phase, attempt, startMs: now() - startedAt, durationMs: -1, status: "passed" });
    emit({ type: "phase-start", phase, attempt });
  };
  const record = (name: PhaseName, status: PhaseStatus, since: number, attempts: number) => {
    const report = { name, status, durationMs: now() - since, attempts };
    phases.push(report);
    if (status === "resumed") timeline.push({ phase: name, attempt: 0, startMs: since - startedAt, durationMs: report.durationMs, status });
    else closeAttempt(name, status);
    emit({ type: "phase-complete", phase: name, status, durationMs: report.durationMs, attempts });
  };
  const report = (phase: PhaseName, ...found: Finding[]) => {
    for (const finding of found) {
      findings.push(finding);
      emit({ type: "finding", phase, finding });
    }
  };
  const aborted = () => deps.signal?.aborted === true;
  let specHash = "";
  const finish = (spec: ServiceSpec | null, outDir: string, stoppedAfter?: PhaseName): PipelineReport => {
    for (const name of PHASES) if (!phases.some((p) => p.name === name)) phases.push({ name, status: "skipped", durationMs: 0, attempts: 0 });
    const verified = phases.every((p) => p.status === "passed" || p.status === "resumed") && !hasErrors(findings);
    return {
      ...(stoppedAfter ? { stoppedAfter } : {}),
      verified,
      service: spec?.name ?? "",
      version: spec?.version ?? "",
      specPath: request.specPath,
      specHash,
      outDir,
      generator: generatorTag(deps.generator),
      phases,
      timeline: timeline.filter((a) => a.durationMs >= 0),
      endpoints,
      findings,
      durationMs: now() - startedAt,
    };
  };

  // analyze
  let since = now();
  startPhase("analyze", 1);
  const analyzed = await analyzeSpecFile(path.resolve(deps.cwd ?? process.cwd(), request.specPath), request.specPath);
  report("analyze", ...analyzed.findings);
  const spec = analyzed.spec;
  const outDir = path.resolve(deps.cwd ?? process.cwd(), request.outDir ?? path.join("specforge-out", spec.name || "service"));
  const checkpointBase = { version: 1 as const, specHash: analyzed.text ? hashText(analyzed.text) : "", generator: generatorTag(deps.generator) };
  specHash = checkpointBase.specHash;
  emit({ type: "analyzed", service: spec.name, version: spec.version, endpointCount: spec.endpoints.length, specHash: checkpointBase.specHash, generator: checkpointBase.generator });
  if (hasErrors(analyzed.findings)) {
    record("analyze", "failed", since, 1);
    return finish(spec, outDir);
  }
  const contract = toContract(spec);
  emit({ type: "progress", phase: "analyze", message: `${spec.name} ${spec.version}: ${contract.endpoints.length} endpoints` });
  record("analyze", "passed", since, 1);

  const previous = request.fresh ? null : ((await readCheckpoint(outDir)) ?? request.previous ?? null);
  const checkpoint: Checkpoint = { ...checkpointBase, filesHash: "", completed: [], phases: [], endpoints: [] };
  const complete = async (phase: PhaseName) => {
    checkpoint.completed = [...checkpoint.completed.filter((p) => p !== phase), phase];
    checkpoint.phases = phases.filter((p) => p.status !== "skipped");
    checkpoint.endpoints = endpoints;
    await writeCheckpoint(outDir, checkpoint);
  };

  // generate
  let generateAttempts = 0;
  const generate = async (previousFindings: Finding[]): Promise<boolean> => {
    while (generateAttempts < retry.generateAttempts && !aborted()) {
      generateAttempts++;
      startPhase("generate", generateAttempts);
      try {
        const files = await deps.generator.generate({ spec, contract, specText: analyzed.text, attempt: generateAttempts, previousFindings });
        checkGeneratedFiles(files, outDir);
        emit({ type: "progress", phase: "generate", message: `writing ${files.length} files to ${outDir}` });
        await writeServiceFiles(outDir, files, ["node_modules", CHECKPOINT_DIR]);
        checkpoint.filesHash = hashGeneratedFiles(files);
        checkpoint.completed = checkpoint.completed.filter((p) => p === "generate");
        return true;
      } catch (error) {
        const finding: Finding = { code: ErrorCode.BuildGenerationFailed, severity: generateAttempts < retry.generateAttempts ? "warning" : "error", message: `generation attempt ${generateAttempts} failed: ${(error as Error).message}`, file: request.specPath };
        report("generate", finding);
        previousFindings = [...previousFindings, finding];
      }
    }
    return false;
  };

  since = now();
  const filesOnDisk = await hashServiceFiles(outDir);
  if (canResumeGenerate(previous, { ...checkpointBase, filesOnDisk })) {
    checkpoint.filesHash = filesOnDisk as string;
    checkpoint.completed = ["generate"];
    record("generate", "resumed", since, 0);
    await complete("generate");
  } else {
    const ok = await generate([]);
    record("generate", ok ? "passed" : "failed", since, generateAttempts);
    if (!ok || aborted()) return finish(spec, outDir);
    await complete("generate");
  }
  emit({ type: "generated", filesHash: checkpoint.filesHash });
  if (request.stopAfter === "generate") return finish(spec, outDir, "generate");

  const resumable = resumableAfterGenerate(previous, {
    ...checkpointBase,
    filesHash: checkpoint.filesHash,
    buildOutputExists: await pathExists(path.join(outDir, SERVICE_LAYOUT.entry)),
  });

  // build
  since = now();
  if (resumable.has("build")) {
    record("build", "resumed", since, 0);
    await complete("build");
  } else {
    let attempts = 0;
    let built = false;
    while (!built && attempts < retry.buildAttempts && !aborted()) {
      attempts++;
      startPhase("build", attempts);
      const result = await buildService({
        serviceDir: outDir,
        runner: deps.runner,
        specFile: request.specPath,
        ...(deps.buildTimeouts ? { timeouts: deps.buildTimeouts } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.installCache ? { installCache: deps.installCache } : {}),
        onStep: (step) => emit({ type: "progress", phase: "build", message: step }),
      });
      built = result.ok;
      if (built) break;
      const last = attempts >= retry.buildAttempts;
      report("build", ...result.findings.map((f) => (last ? f : { ...f, severity: "warning" as const, message: `attempt ${attempts}: ${f.message}` })));
      // A generator that can do better with the errors in hand gets another go before the retry.
      if (!last && !deps.generator.deterministic && !(await generate(result.findings))) break;
    }
    record("build", built ? "passed" : "failed", since, attempts);
    if (!built || aborted()) return finish(spec, outDir);
    await complete("build");
  }
  if (request.stopAfter === "build") return finish(spec, outDir, "build");

  // verify
  since = now();
  if (resumable.has("verify") && previous) {
    endpoints = previous.endpoints;
    for (const result of endpoints) emit({ type: "endpoint", result });
    record("verify", "resumed", since, 0);
    await complete("verify");
    return finish(spec, outDir);
  }
  startPhase("verify", 1);
  const verified = await verifyService({
    serviceDir: outDir,
    contract,
    runner: deps.runner,
    specFile: request.specPath,
    ...(deps.readyTimeoutMs ? { readyTimeoutMs: deps.readyTimeoutMs } : {}),
    onProbe: (result) => emit({ type: "endpoint", result }),
  });
  endpoints = verified.endpoints;
  report("verify", ...verified.findings);
  record("verify", verified.ok ? "passed" : "failed", since, 1);
  if (verified.ok) await complete("verify");
  return finish(spec, outDir);
}

export function generatorTag(generator: Generator): string {
  return `${generator.id}@${generator.version}`;
}

function checkGeneratedFiles(files: GeneratedFile[], outDir: string): void {
  for (const file of files) resolveInside(outDir, file.path);
  const missing = REQUIRED_FILES.filter((name) => !files.some((f) => f.path === name));
  if (missing.length > 0) throw new Error(`the generated service lacks ${missing.join(", ")}`);
}

