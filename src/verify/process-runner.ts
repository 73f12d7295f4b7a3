/** Runs programs for the build and verify phases. Tests replace it; `createProcessRunner` is the real one. */
export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs: number;
}

export interface RunResult {
  exitCode: number | null;
  /** stdout and stderr interleaved, truncated to the last 64 KiB. */
  output: string;
  timedOut: boolean;
  durationMs: number;
}

export interface ExitInfo {
  exitCode: number | null;
  signal: string | null;
}

export interface ServiceProcess {
  readonly pid: number;
  /** Settles when the process exits, however that happens. */
  readonly exited: Promise<ExitInfo>;
  /** What it has printed so far (last 64 KiB). */
  output(): string;
  /** Stops the process and every process it started; resolves once they are gone. */
  stop(): Promise<void>;
}

export interface ProcessRunner {
  run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult>;
  start(file: string, args: readonly string[], options: Omit<RunOptions, "timeoutMs">): ServiceProcess;
  /** Stops everything still running (Ctrl-C, a crash of the caller). */
  stopAll(): Promise<void>;
}
