import type { ErrorCode } from "../core/error-codes.js";
import type { InstallCache } from "./install-cache.js";
import type { ProcessRunner } from "./process-runner.js";

/** What an installer (one per kind of `ServiceLayout.install`) gets from the build. */
export interface InstallContext {
  serviceDir: string;
  runner: ProcessRunner;
  /** For the whole install, however many processes it takes. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Reports what the install is doing, once it knows: "install (from the install cache)". */
  onStep(step: string): void;
  installCache?: InstallCache;
  /** Python interpreters to try, in order. */
  pythons: readonly string[];
}

export type InstallResult = { ok: true } | { ok: false; code: ErrorCode; message: string };
