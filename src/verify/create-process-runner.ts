import { spawn } from "node:child_process";
import type { ExitInfo, ProcessRunner, RunResult, ServiceProcess } from "./process-runner.js";
import type { ProcessSandbox } from "./process-sandbox.js";

const OUTPUT_LIMIT = 64 * 1024;
const STOP_GRACE_MS = 2_000;

/**
 * Variables a build or a generated service may see: a list of what tools
 * need, never a list of what to hide. Generated code is untrusted: tokens and
 * API keys of the caller never reach it, and neither does anything of the CI
 * runner (`GITHUB_*`, `RUNNER_*`, `ACTIONS_*`, the Action's `INPUT_*`). npm's
 * settings pass, except those that hold or point at a credential.
 */
const PASSED_ENV = /^(PATH|HOME|TMPDIR|TMP|TEMP|LANG|LC_ALL|LC_CTYPE|TZ|SystemRoot|NODE_EXTRA_CA_CERTS|HTTPS?_PROXY|NO_PROXY|https?_proxy|no_proxy|npm_config_(?!.*(token|auth|pass|secret|key|cert|credential)).*)$/i;

export function safeEnv(source: NodeJS.ProcessEnv, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) if (value !== undefined && PASSED_ENV.test(key)) env[key] = value;
  return { ...env, ...extra };
}

export interface ProcessRunnerOptions {
  /** Runs every child inside it (`detectSandbox()`); none: children run beside specforge. */
  sandbox?: ProcessSandbox | null;
}

/** How long the output of a process that has exited may take to be read to its end. */
const DRAIN_MS = 1_000;

/**
 * The real runner: Node's `spawn` without a shell, each child in its own
 * process group so that stopping it also stops whatever it spawned. (Node's
 * own module rather than execa: loading execa was a tenth of the CLI's
 * start-up, and this needs none of what it adds.)
 */
export function createProcessRunner(baseEnv: NodeJS.ProcessEnv = process.env, options: ProcessRunnerOptions = {}): ProcessRunner {
  const live = new Set<ServiceProcess>();
  const sandbox = options.sandbox ?? null;

  const launch = (program: string, programArgs: readonly string[], cwd: string, env: Record<string, string> | undefined, timeoutMs?: number) => {
    const { file, args } = sandbox ? sandbox.wrap(program, programArgs) : { file: program, args: [...programArgs] };
    const child = spawn(file, args, { cwd, env: safeEnv(baseEnv, env), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const pid = child.pid ?? -1;
    let output = "";
    const append = (chunk: Buffer | string) => {
      output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          killGroup(pid, "SIGKILL");
        }, timeoutMs)
      : undefined;
    const exited = new Promise<ExitInfo>((resolve) => {
      // A program that could not be started (not found, say) has no pid and only an error.
      child.once("error", (error) => {
        if (child.pid !== undefined) return;
        append(error.message);
        resolve({ exitCode: null, signal: null });
      });
      child.once("exit", (exitCode, signal) => {
        // What it printed last may still be in the pipes; a process it left behind may hold them open.
        const drained = Promise.all([child.stdout, child.stderr].map((stream) => (stream && !stream.closed ? new Promise((r) => stream.once("close", r)) : null)));
        const cap = new Promise((r) => setTimeout(r, DRAIN_MS).unref());
        void Promise.race([drained, cap]).then(() => resolve({ exitCode, signal }));
      });
    }).finally(() => clearTimeout(timer));
    return { pid, exited, output: () => output, timedOut: () => timedOut };
  };

  const track = (child: ReturnType<typeof launch>) => {
    const { pid, exited } = child;
    const handle: ServiceProcess = {
      pid,
      exited,
      output: child.output,
      stop: async () => {
        // In the sandbox the service is its PID namespace's init, which ignores SIGTERM unless it
        // handles it, and `unshare` waits for it: stop it at once (the namespace dies with it,
        // whatever it started included). Otherwise ask first.
        killGroup(pid, sandbox ? "SIGKILL" : "SIGTERM");
        const timer = setTimeout(() => killGroup(pid, "SIGKILL"), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
        // The leader is gone; make sure nothing it started lingers in its group.
        killGroup(pid, "SIGKILL");
        live.delete(handle);
      },
    };
    return handle;
  };

  return {
    async run(file, args, options) {
      const startedAt = Date.now();
      const child = launch(file, args, options.cwd, options.env, options.timeoutMs);
      const handle = track(child);
      live.add(handle);
      const result = await child.exited;
      killGroup(handle.pid, "SIGKILL");
      live.delete(handle);
      const run: RunResult = {
        exitCode: result.exitCode,
        output: handle.output(),
        timedOut: child.timedOut(),
        durationMs: Date.now() - startedAt,
      };
      return run;
    },
    start(file, args, options) {
      const handle = track(launch(file, args, options.cwd, options.env));
      live.add(handle);
      return handle;
    },
    async stopAll() {
      await Promise.all([...live].map((p) => p.stop()));
    },
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
