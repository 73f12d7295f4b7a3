import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import type { ProcessRunner, ServiceProcess } from "./process-runner.js";
import type { Command } from "./resolve-command.js";

export interface StartedService {
  process: ServiceProcess;
  baseUrl: string;
}

export interface StartServiceOptions {
  runner: ProcessRunner;
  serviceDir: string;
  /** How the service starts (its target's layout); it is given `PORT` and `HOST`. */
  command: Command;
  port: number;
  specFile: string;
  readyTimeoutMs: number;
  pollIntervalMs?: number;
}

/**
 * Starts the service on `port` and waits, bounded, until GET /health answers.
 * A process that exits first, or never answers, is stopped and reported.
 */
export async function startService(options: StartServiceOptions): Promise<StartedService | { failure: Finding }> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const child = options.runner.start(options.command.file, options.command.args, {
    cwd: options.serviceDir,
    env: { ...options.command.env, PORT: String(options.port), HOST: "127.0.0.1" },
  });
  let exited: { exitCode: number | null; signal: string | null } | null = null;
  void child.exited.then((info) => (exited = info));

  const deadline = Date.now() + options.readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    if (await answersHealth(baseUrl)) return { process: child, baseUrl };
    await new Promise((r) => setTimeout(r, options.pollIntervalMs ?? 25));
  }
  const output = child.output().trim().split("\n").slice(-6).join(" | ").slice(0, 1200);
  // Read before stopping: the stop itself ends the process, which is not the failure.
  const finalExit = exited as { exitCode: number | null; signal: string | null } | null;
  await child.stop();
  if (finalExit) {
    return {
      failure: {
        code: ErrorCode.BuildInitFailed,
        severity: "error",
        message: `the service exited (code ${finalExit.exitCode ?? finalExit.signal}) before answering GET /health${output ? `: ${output}` : ""}`,
        file: options.specFile,
        subject: "GET /health",
      },
    };
  }
  return {
    failure: {
      code: ErrorCode.BuildTimeout,
      severity: "error",
      message: `the service did not answer GET /health within ${options.readyTimeoutMs / 1000} s${output ? `; it printed: ${output}` : ""}`,
      file: options.specFile,
      subject: "GET /health",
    },
  };
}

async function answersHealth(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
