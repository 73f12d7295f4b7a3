import path from "node:path";
import type { ProcessRunner, RunResult } from "../../src/verify/process-runner.js";

export type Answer = { exitCode: number | null; output: string };

/** What the requirements probe prints for an interpreter that has every pinned version, and for one that lacks some. */
export const HAS_ALL: Answer = { exitCode: 0, output: '{"python": "3.11.2", "missing": []}' };
export const LACKS: Answer = { exitCode: 1, output: '{"python": "3.11.7", "missing": ["fastapi==0.92.0 (not installed)", "pydantic==1.10.4 (2.7.1 installed)"]}' };
export const NOT_FOUND: Answer = { exitCode: null, output: "spawn python3 ENOENT" };
export const OK: Answer = { exitCode: 0, output: "" };

/**
 * A runner that answers from a script, keyed by the call as it records it:
 * the program (relative to the service folder when inside it), then the
 * arguments, with the requirements probe's code shown as `<probe>`.
 */
export function scriptedRunner(script: (call: string) => Answer): ProcessRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async run(file, args, options): Promise<RunResult> {
      const program = file.startsWith(options.cwd + path.sep) ? path.relative(options.cwd, file) : file;
      const shown = args[0] === "-c" ? ["-c", "<probe>", ...args.slice(2)] : args;
      const call = [program, ...shown].join(" ");
      calls.push(call);
      return { ...script(call), timedOut: false, durationMs: 1 };
    },
    start() {
      throw new Error("nothing starts during a build");
    },
    async stopAll() {},
  };
}
