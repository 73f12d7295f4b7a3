import { writeFile } from "node:fs/promises";
import { Command, CommanderError } from "commander";
import { readConfigFile } from "../config/read-config-file.js";
import { ConfigError, resolveConfig } from "../config/resolve-config.js";
import { formatFinding, hasErrors } from "../core/findings.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import type { PipelineReport } from "../pipeline/types.js";
import { toMarkdown } from "../report/to-markdown.js";
import { analyzeSpecFile } from "../spec/analyze-spec-file.js";
import { createProcessRunner } from "../verify/create-process-runner.js";
import { createInstallCache, defaultInstallCacheRoot } from "../verify/install-cache.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import { createGenerator, UnknownGeneratorError } from "../synth/create-generator.js";
import { formatSummary } from "./format-summary.js";
import { createProgressRenderer, type Writable } from "./progress-renderer.js";

/** Exit codes: one meaning each. */
export const EXIT = { verified: 0, notVerified: 1, usage: 2, interrupted: 130 } as const;

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Registers a Ctrl-C handler; returns a function that removes it. */
  onInterrupt: (handler: () => void) => () => void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    onInterrupt: (handler) => {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
  };
}

interface RunOptions {
  out?: string;
  json?: boolean;
  report?: string;
  generator: string;
  model?: string;
  fresh?: boolean;
  installCache: boolean;
  config?: string;
}

/** `specforge <command>`; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo(), runner: ProcessRunner = createProcessRunner(io.env)): Promise<number> {
  let exitCode: number = EXIT.verified;
  const program = new Command("specforge")
    .description("Turn a SPEC.md into a verified, running service.")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command("run")
    .description("analyze, generate, build and verify a service from a SPEC.md")
    .argument("<spec>", "path to the SPEC.md")
    .option("-o, --out <dir>", "folder for the generated service (default: specforge-out/<service>)")
    .option("--json", "print one JSON report on stdout (progress stays on stderr)")
    .option("--report <file>", "also write the report as markdown to this file")
    .option("-g, --generator <name>", "generator: auto (claude when ANTHROPIC_API_KEY is set, else template), template, claude", "auto")
    .option("-m, --model <model>", "model for the claude generator")
    .option("--fresh", "ignore the checkpoint and redo every phase")
    .option("-c, --config <file>", "a specforge.yml for generator, model and retry limits")
    .option("--no-install-cache", "run npm ci every time instead of reusing dependencies installed for the same lockfile")
    .action(async (spec: string, options: RunOptions, command: Command) => {
      exitCode = await runCommand(spec, options, io, runner, command.getOptionValueSource("generator") === "cli");
    });

  program
    .command("analyze")
    .description("parse and lint a SPEC.md; prints path:line: CODE message")
    .argument("<spec>", "path to the SPEC.md")
    .option("--json", "print the parsed model and findings as JSON")
    .action(async (spec: string, options: { json?: boolean }) => {
      const result = await analyzeSpecFile(spec);
      if (options.json) io.stdout.write(JSON.stringify({ spec: result.spec, findings: result.findings }, null, 2) + "\n");
      else {
        for (const f of result.findings) io.stdout.write(formatFinding(f) + "\n");
        const errors = result.findings.filter((f) => f.severity === "error").length;
        io.stderr.write(`${result.spec.name}: ${result.spec.endpoints.length} endpoints, ${errors} errors, ${result.findings.length - errors} warnings\n`);
      }
      exitCode = hasErrors(result.findings) ? EXIT.notVerified : EXIT.verified;
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT.usage;
    }
    if (error instanceof UnknownGeneratorError || error instanceof ConfigError) {
      io.stderr.write(`specforge: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}

async function runCommand(spec: string, options: RunOptions, io: CliIo, runner: ProcessRunner, generatorFromFlag: boolean): Promise<number> {
  const config = options.config ? await readConfigFile(options.config, { required: true }) : resolveConfig(null);
  const apiKey = io.env["ANTHROPIC_API_KEY"];
  const model = options.model ?? config.model;
  const generator = await createGenerator(generatorFromFlag || !options.config ? options.generator : config.generator, {
    ...(apiKey ? { anthropicApiKey: apiKey } : {}),
    ...(model ? { model } : {}),
  });
  io.stderr.write(`generator: ${generator.id}${generator.deterministic ? "" : ` (${generator.version.split("+")[0]})`}\n`);
  const progress = createProgressRenderer(io.stderr, io.isTTY);
  const abort = new AbortController();
  const removeInterrupt = io.onInterrupt(() => {
    abort.abort();
    progress.stop();
    io.stderr.write("\ninterrupted: stopping the service and its processes…\n");
    void runner.stopAll();
  });
  let report: PipelineReport;
  try {
    const request = {
      specPath: spec,
      retry: { generateAttempts: config.retries.generate, buildAttempts: config.retries.build },
      ...(options.out ? { outDir: options.out } : {}),
      ...(options.fresh ? { fresh: true } : {}),
    };
    report = await runPipeline(request, {
      runner,
      generator,
      onEvent: progress.onEvent,
      signal: abort.signal,
      ...(options.installCache && io.env["SPECFORGE_INSTALL_CACHE"] !== "off" ? { installCache: createInstallCache(defaultInstallCacheRoot(io.env)) } : {}),
    });
  } finally {
    progress.stop();
    removeInterrupt();
    await runner.stopAll();
  }
  if (abort.signal.aborted) return EXIT.interrupted;
  if (options.report) await writeFile(options.report, toMarkdown(report));
  if (options.json) io.stdout.write(JSON.stringify(toJsonReport(report), null, 2) + "\n");
  else io.stdout.write("\n" + formatSummary(report));
  return report.verified ? EXIT.verified : EXIT.notVerified;
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
    endpoints: report.endpoints.map((e) => ({ method: e.method, path: e.path, verified: e.verified, detail: e.detail, line: e.line, ...(e.status !== undefined ? { status: e.status } : {}) })),
    findings: report.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, line: f.line ?? null, file: f.file ?? null })),
  };
}
