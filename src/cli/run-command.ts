import { writeFile } from "node:fs/promises";
import { readConfigFile } from "../config/read-config-file.js";
import { UsageError } from "../core/usage-error.js";
import { DEFAULT_CONFIG } from "../config/defaults.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { setupRun } from "../pipeline/setup-run.js";
import type { PipelineReport } from "../pipeline/types.js";
import { toMarkdown } from "../report/to-markdown.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import { MAX_FUZZ_RUNS } from "../verify/types.js";
import { formatSummary } from "./format-summary.js";
import { EXIT, type CliIo } from "./io.js";
import { createProgressRenderer } from "./progress-renderer.js";

export interface RunOptions {
  out?: string;
  json?: boolean;
  report?: string;
  generator?: string;
  generatorCommand?: string;
  target?: string;
  model?: string;
  fresh?: boolean;
  installCache: boolean;
  patterns?: string;
  config?: string;
  fuzz?: string;
}

/** `specforge run`: the pipeline with live progress on stderr, then the table (or `--json`) on stdout. */
export async function runCommand(spec: string, options: RunOptions, io: CliIo, runner?: ProcessRunner): Promise<number> {
  const report = await runWithProgress(spec, options, io, runner);
  if (report === "interrupted") return EXIT.interrupted;
  if (options.report) await writeFile(options.report, toMarkdown(report));
  if (options.json) io.stdout.write(JSON.stringify(toJsonReport(report), null, 2) + "\n");
  else io.stdout.write("\n" + formatSummary(report));
  return report.verified ? EXIT.verified : EXIT.notVerified;
}

/**
 * Sets the run up from the options, runs the pipeline with live progress on
 * stderr and Ctrl-C stopping everything it started. `requireDeploy`: the
 * configuration must name a deploy target (`specforge deploy`).
 */
export async function runWithProgress(spec: string, options: RunOptions, io: CliIo, runner?: ProcessRunner, requireDeploy = false): Promise<PipelineReport | "interrupted"> {
  const config = options.config ? await readConfigFile(options.config, { required: true }) : structuredClone(DEFAULT_CONFIG);
  const setup = await setupRun(
    config,
    {
      ...(options.generator ? { generator: options.generator } : {}),
      ...(options.generatorCommand ? { generatorCommand: [options.generatorCommand] } : {}),
      cwd: process.cwd(),
      ...(options.target ? { target: options.target } : {}),
      ...(options.model ? { model: options.model } : {}),
      installCache: options.installCache,
      ...(options.patterns ? { patternsDir: options.patterns } : {}),
      ...(options.fuzz !== undefined ? { fuzz: parseFuzz(options.fuzz) } : {}),
    },
    io.env,
    runner,
  );
  if (requireDeploy && !setup.deployTarget) throw new UsageError("nothing to deploy to: give --config with `deploy: { command: [program, ...args] }`");
  const { generator } = setup.deps;
  io.stderr.write(`generator: ${generator.id}${generator.deterministic ? "" : ` (${generator.version.split("+")[0]})`}, target ${generator.target ?? "typescript-node"}\n`);
  const progress = createProgressRenderer(io.stderr, io.isTTY);
  const abort = new AbortController();
  const removeInterrupt = io.onInterrupt(() => {
    abort.abort();
    progress.stop();
    io.stderr.write("\ninterrupted: stopping the service and its processes…\n");
    void setup.deps.runner.stopAll();
  });
  try {
    const report = await runPipeline(
      {
        specPath: spec,
        retry: setup.retry,
        deploy: setup.deployTarget,
        ...(options.out ? { outDir: options.out } : {}),
        ...(options.fresh ? { fresh: true } : {}),
      },
      { ...setup.deps, env: io.env, onEvent: progress.onEvent, signal: abort.signal },
    );
    return abort.signal.aborted ? "interrupted" : report;
  } finally {
    progress.stop();
    removeInterrupt();
    await setup.deps.runner.stopAll();
  }
}

/** `--fuzz N`: a whole number of generated requests per endpoint, 0 for none. */
function parseFuzz(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > MAX_FUZZ_RUNS) throw new UsageError(`--fuzz must be a whole number from 0 to ${MAX_FUZZ_RUNS}, got "${text}"`);
  return n;
}

/** The `--json` contract: stable keys for scripts. */
export function toJsonReport(report: PipelineReport) {
  return {
    verified: report.verified,
    service: report.service,
    version: report.version,
    spec: report.specPath,
    outDir: report.outDir,
    generator: report.generator,
    durationMs: report.durationMs,
    phases: report.phases.map((p) => ({ name: p.name, status: p.status, durationMs: p.durationMs, attempts: p.attempts })),
    endpoints: report.endpoints.map((e) => ({
      method: e.method,
      path: e.path,
      verified: e.verified,
      detail: e.detail,
      line: e.line,
      ...(e.status !== undefined ? { status: e.status } : {}),
      // A checkpoint written before checks were reported has none.
      checks: (e.checks ?? []).map((c) => ({ kind: c.kind, ok: c.ok, detail: c.detail, source: c.source })),
    })),
    findings: report.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, line: f.line ?? null, file: f.file ?? null })),
    attempts: report.attempts.map((a) => ({ phase: a.phase, attempt: a.attempt, status: a.status, durationMs: a.durationMs, ...(a.pattern ? { pattern: a.pattern } : {}), ...(a.strategy ? { strategy: a.strategy } : {}) })),
    learned: {
      patterns: (report.learned?.patterns ?? []).map((p) => ({ id: p.id, code: p.code, phase: p.phase, endpoint: p.endpoint, seen: p.seen, strategies: p.strategies })),
      preventionTests: report.learned?.preventionTests ?? [],
    },
    ...(report.deployment ? { deployment: report.deployment.deployment, ...(report.deployment.rollback ? { rollback: report.deployment.rollback } : {}) } : {}),
  };
}
