import { createProcessRunner } from "../../src/verify/create-process-runner.js";
import type { ProcessRunner, ServiceProcess } from "../../src/verify/process-runner.js";

/** The real runner, remembering every process it started so tests can check they are gone. */
export function trackingRunner(): ProcessRunner & { started: ServiceProcess[] } {
  const real = createProcessRunner();
  const started: ServiceProcess[] = [];
  return {
    started,
    run: (file, args, options) => real.run(file, args, options),
    start: (file, args, options) => {
      const handle = real.start(file, args, options);
      started.push(handle);
      return handle;
    },
    stopAll: () => real.stopAll(),
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process killed a moment ago may take a few ms to be reaped. */
export async function waitUntilGone(pid: number, timeoutMs = 3_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !isAlive(pid);
}
