import { readdir } from "node:fs/promises";
import path from "node:path";
import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import { SERVICE_LAYOUT } from "../synth/service-layout.js";
import type { InstallCache } from "./install-cache.js";
import type { ProcessRunner, RunResult } from "./process-runner.js";
import type { BuildResult, StepResult } from "./types.js";

export interface BuildTimeouts {
  installMs: number;
  compileMs: number;
  testMs: number;
}

export const DEFAULT_BUILD_TIMEOUTS: BuildTimeouts = { installMs: 300_000, compileMs: 120_000, testMs: 120_000 };

export interface BuildServiceOptions {
  serviceDir: string;
  runner: ProcessRunner;
  specFile: string;
  timeouts?: Partial<BuildTimeouts>;
  onStep?: (step: string) => void;
  signal?: AbortSignal;
  /** Skips `npm ci` when the same lockfile was installed before. */
  installCache?: InstallCache;
}

/**
 * Installs, compiles and tests a generated service. Runs `npm ci`, the pinned
 * TypeScript compiler and `node --test` directly (never the package's own
 * scripts: generated code is untrusted, and `--ignore-scripts` keeps install
 * hooks from running).
 */
export async function buildService(options: BuildServiceOptions): Promise<BuildResult> {
  const timeouts = { ...DEFAULT_BUILD_TIMEOUTS, ...options.timeouts };
  const { runner, serviceDir: cwd } = options;
  const steps: StepResult[] = [];
  const findings: Finding[] = [];
  const fail = (code: Finding["code"], message: string): BuildResult => {
    findings.push({ code, severity: "error", message, file: options.specFile });
    return { ok: false, steps, findings };
  };
  const step = async (name: string, file: string, args: string[], timeoutMs: number): Promise<RunResult> => {
    options.onStep?.(name);
    const result = await runner.run(file, args, { cwd, timeoutMs });
    steps.push({ name, ok: result.exitCode === 0 && !result.timedOut, durationMs: result.durationMs });
    return result;
  };

  const interrupted = (): BuildResult => fail(ErrorCode.BuildInitFailed, "the build was interrupted");

  const startedInstall = Date.now();
  if (await options.installCache?.restore(cwd).catch(() => false)) {
    options.onStep?.("install (from the install cache)");
    steps.push({ name: "install", ok: true, durationMs: Date.now() - startedInstall });
  } else {
    const install = await step("install", "npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], timeouts.installMs);
    if (options.signal?.aborted) return interrupted();
    if (install.timedOut) return fail(ErrorCode.BuildTimeout, `npm ci did not finish within ${timeouts.installMs / 1000} s`);
    if (install.exitCode !== 0) return fail(ErrorCode.BuildEnvSetupFailed, `npm ci failed (exit ${install.exitCode}): ${tail(install.output)}`);
    // Saved now, before any generated code has run and could have touched node_modules.
    await options.installCache?.save(cwd);
  }

  const compile = await step("compile", process.execPath, [SERVICE_LAYOUT.compiler, "-p", SERVICE_LAYOUT.tsconfig], timeouts.compileMs);
  if (options.signal?.aborted) return interrupted();
  if (compile.timedOut) return fail(ErrorCode.BuildTimeout, `tsc did not finish within ${timeouts.compileMs / 1000} s`);
  if (compile.exitCode !== 0) return fail(ErrorCode.BuildCompilationError, `compilation failed: ${compilerErrors(compile.output)}`);

  const testFiles = await listTestFiles(cwd);
  if (testFiles.length === 0) return fail(ErrorCode.VerifyTestFailed, `the service has no tests (no ${SERVICE_LAYOUT.testDir}/*${SERVICE_LAYOUT.testSuffix} after compiling)`);
  const test = await step("test", process.execPath, ["--test", "--test-reporter=tap", ...testFiles], timeouts.testMs);
  if (options.signal?.aborted) return interrupted();
  if (test.timedOut) return fail(ErrorCode.BuildTimeout, `the service's tests did not finish within ${timeouts.testMs / 1000} s`);
  if (test.exitCode !== 0) return fail(ErrorCode.VerifyTestFailed, `the service's tests failed: ${failedTests(test.output)}`);

  return { ok: true, steps, findings };
}

async function listTestFiles(serviceDir: string): Promise<string[]> {
  const entries = await readdir(path.join(serviceDir, SERVICE_LAYOUT.testDir)).catch(() => [] as string[]);
  return entries
    .filter((name) => name.endsWith(SERVICE_LAYOUT.testSuffix))
    .sort()
    .map((name) => `${SERVICE_LAYOUT.testDir}/${name}`);
}

function compilerErrors(output: string): string {
  const errors = output.split("\n").filter((l) => /error TS\d+:/.test(l));
  return errors.length > 0 ? errors.slice(0, 5).join("; ") + (errors.length > 5 ? ` (and ${errors.length - 5} more)` : "") : tail(output);
}

function failedTests(output: string): string {
  const failed = output
    .split("\n")
    .map((l) => /^not ok \d+ - (.*)$/.exec(l)?.[1])
    .filter((name): name is string => Boolean(name));
  return failed.length > 0 ? failed.join("; ") : tail(output);
}

function tail(output: string, lines = 8): string {
  return output.trim().split("\n").slice(-lines).join(" | ").slice(0, 1500);
}
