import { writeFile } from "node:fs/promises";
import { readConfigFile } from "../config/read-config-file.js";
import { DEFAULT_CONFIG } from "../config/defaults.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { setupRun } from "../pipeline/setup-run.js";
import type { PipelineReport } from "../pipeline/types.js";
import { toMarkdown } from "../report/to-markdown.js";
import { UsageError } from "../core/usage-error.js";
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
  config?: string;
  fuzz?: string;
}

/** `specforge run`: the pipeline with live progress on stderr, then the table (or `--json`) on stdout. */
export async function runCommand(spec: string, options: RunOptions, io: CliIo, runner?: ProcessRunner): Promise<number> {
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
      ...(options.fuzz !== undefined ? { fuzz: parseFuzz(options.fuzz) } : {}),
    },
    io.env,
    runner,
  );
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
  let report: PipelineReport;
  try {
    report = await runPipeline(
      { specPath: spec, retry: setup.retry, ...(options.out ? { outDir: options.out } : {}), ...(options.fresh ? { fresh: true } : {}) },
      { ...setup.deps, onEvent: progress.onEvent, signal: abort.signal },
    );
  } finally {
    progress.stop();
    removeInterrupt();
    await setup.deps.runner.stopAll();
  }
  if (abort.signal.aborted) return EXIT.interrupted;
  if (options.report) await writeFile(options.report, toMarkdown(report));
  if (options.json) io.stdout.write(JSON.stringify(toJsonReport(report), null, 2) + "\n");
  else io.stdout.write("\n" + formatSummary(report));
  return report.verified ? EXIT.verified : EXIT.notVerified;
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
  };
}
