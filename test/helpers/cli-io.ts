import os from "node:os";
import path from "node:path";
import type { CliIo } from "../../src/cli/main.js";

/** One install cache for the whole test run, outside the home folder. */
export const TEST_CACHE_DIR = path.join(os.tmpdir(), "specforge-test-install-cache");

/** A CLI's terminal in memory: what it printed, and a way to press Ctrl-C. */
export function memoryIo(env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string; interrupt: () => void } {
  let out = "";
  let err = "";
  const handlers = new Set<() => void>();
  return {
    stdout: { write: (s: string) => void (out += s) },
    stderr: { write: (s: string) => void (err += s) },
    isTTY: false,
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], SPECFORGE_CACHE_DIR: TEST_CACHE_DIR, ...env },
    onInterrupt: (h) => {
      handlers.add(h);
      return () => handlers.delete(h);
    },
    out: () => out,
    err: () => err,
    interrupt: () => handlers.forEach((h) => h()),
  };
}
