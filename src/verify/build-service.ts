import { readdir } from "node:fs/promises";
import path from "node:path";
import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import { TYPESCRIPT_NODE_LAYOUT, type ServiceLayout } from "../synth/service-layout.js";
import type { InstallCache } from "./install-cache.js";
import type { InstallContext, InstallResult } from "./install-context.js";
import { installNpm, tailOf } from "./install-npm.js";
import { DEFAULT_PYTHONS, installPythonVenv } from "./install-python-venv.js";
import type { ProcessRunner, RunResult } from "./process-runner.js";
import { resolveCommand } from "./resolve-command.js";
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
  /** The service's target layout; TypeScript on Node by default. */
  layout?: ServiceLayout;
  timeouts?: Partial<BuildTimeouts>;
  onStep?: (step: string) => void;
  signal?: AbortSignal;
  /** Skips `npm ci` when the same lockfile was installed before (TypeScript services). */
  installCache?: InstallCache;
  /** Python interpreters to try for a Python service, in order (`DEFAULT_PYTHONS`). */
  pythons?: readonly string[];
  /**
   * Called once the sources compiled, as the service's tests start: what
   * needs only the compiled service (starting it for the probes) can run
   * beside the tests instead of after them.
   */
  onCompiled?: () => void;
}

type Install = ServiceLayout["install"];

/** One installer per kind of install a layout names. */
const INSTALLERS: { [K in Install["kind"]]: (ctx: InstallContext, install: Extract<Install, { kind: K }>) => Promise<InstallResult> } = {
  "npm-ci": (ctx) => installNpm(ctx),
  "python-venv": (ctx, install) => installPythonVenv(ctx, install.requirements),
};

function runInstaller(ctx: InstallContext, install: Install): Promise<InstallResult> {
  // TypeScript cannot correlate the kind with its installer's parameter on its own.
  return (INSTALLERS[install.kind] as (ctx: InstallContext, install: Install) => Promise<InstallResult>)(ctx, install);
}

/**
 * Installs, compiles (or checks) and tests a generated service as its layout
 * says. Runs the tools directly (the pinned `tsc`, `node --test`, the venv's
 * `compileall` and `pytest`), never the package's own scripts: generated code
 * is untrusted.
 */
export async function buildService(options: BuildServiceOptions): Promise<BuildResult> {
  const timeouts = { ...DEFAULT_BUILD_TIMEOUTS, ...options.timeouts };
  const layout = options.layout ?? TYPESCRIPT_NODE_LAYOUT;
  const { runner, serviceDir: cwd } = options;
  const steps: StepResult[] = [];
  const findings: Finding[] = [];
  const fail = (code: Finding["code"], message: string): BuildResult => {
    findings.push({ code, severity: "error", message, file: options.specFile });
    return { ok: false, steps, findings };
  };
  const step = async (name: string, command: { file: string; args: readonly string[]; env: Record<string, string> }, timeoutMs: number): Promise<RunResult> => {
    options.onStep?.(name);
    const result = await runner.run(command.file, command.args, { cwd, timeoutMs, ...(Object.keys(command.env).length > 0 ? { env: command.env } : {}) });
    steps.push({ name, ok: result.exitCode === 0 && !result.timedOut, durationMs: result.durationMs });
    return result;
  };
  const interrupted = (): BuildResult => fail(ErrorCode.BuildInitFailed, "the build was interrupted");

  const startedInstall = Date.now();
  const installed = await runInstaller(
    {
      serviceDir: cwd,
      runner,
      timeoutMs: timeouts.installMs,
      onStep: (name) => options.onStep?.(name),
      pythons: options.pythons ?? DEFAULT_PYTHONS,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.installCache ? { installCache: options.installCache } : {}),
    },
    layout.install,
  );
  steps.push({ name: "install", ok: installed.ok, durationMs: Date.now() - startedInstall });
  if (options.signal?.aborted) return interrupted();
  if (!installed.ok) return fail(installed.code, installed.message);

  const { check, test } = layout;
  const compile = await step(check.step, resolveCommand(check, cwd), timeouts.compileMs);
  if (options.signal?.aborted) return interrupted();
  if (compile.timedOut) return fail(ErrorCode.BuildTimeout, `${check.tool} did not finish within ${timeouts.compileMs / 1000} s`);
  if (compile.exitCode !== 0) return fail(ErrorCode.BuildCompilationError, `compilation failed: ${compilerErrors(compile.output, check.errorLine)}`);

  options.onCompiled?.();
  const testFiles = await listTestFiles(cwd, test.dir, test.pattern);
  if (testFiles.length === 0) return fail(ErrorCode.VerifyTestFailed, `the service has no tests (${test.missing})`);
  const command = resolveCommand(testFiles.length === 1 && test.singleFileArgs ? { ...test, args: test.singleFileArgs } : test, cwd);
  const tested = await step("test", { ...command, args: [...command.args, ...testFiles] }, timeouts.testMs);
  if (options.signal?.aborted) return interrupted();
  if (tested.timedOut) return fail(ErrorCode.BuildTimeout, `the service's tests did not finish within ${timeouts.testMs / 1000} s`);
  if (tested.exitCode !== 0) return fail(ErrorCode.VerifyTestFailed, `the service's tests failed: ${failedTests(tested.output, test.reporter)}`);

  return { ok: true, steps, findings };
}

async function listTestFiles(serviceDir: string, dir: string, pattern: RegExp): Promise<string[]> {
  const entries = await readdir(path.join(serviceDir, dir)).catch(() => [] as string[]);
  return entries
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => `${dir}/${name}`);
}

function compilerErrors(output: string, errorLine: RegExp): string {
  const errors = output
    .split("\n")
    .filter((l) => errorLine.test(l))
    .map((l) => l.trim());
  return errors.length > 0 ? errors.slice(0, 5).join("; ") + (errors.length > 5 ? ` (and ${errors.length - 5} more)` : "") : tailOf(output);
}

/** The failed tests' names: TAP's `not ok N - name`, pytest's `FAILED file::name - reason`. */
function failedTests(output: string, reporter: "tap" | "pytest"): string {
  const pattern = reporter === "tap" ? /^not ok \d+ - (.*)$/ : /^FAILED (\S+)/;
  const failed = output
    .split("\n")
    .map((l) => pattern.exec(l)?.[1])
    .filter((name): name is string => Boolean(name));
  return failed.length > 0 ? failed.join("; ") : tailOf(output);
}
