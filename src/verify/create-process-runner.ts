import { execa, type ResultPromise } from "execa";
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

/**
 * The real runner: execa without a shell, each child in its own process group
 * so that stopping it also stops whatever it spawned.
 */
export function createProcessRunner(baseEnv: NodeJS.ProcessEnv = process.env, options: ProcessRunnerOptions = {}): ProcessRunner {
  const live = new Set<ServiceProcess>();
  const sandbox = options.sandbox ?? null;

  const spawn = (program: string, programArgs: readonly string[], cwd: string, env: Record<string, string> | undefined, timeoutMs?: number) => {
    const { file, args } = sandbox ? sandbox.wrap(program, programArgs) : { file: program, args: [...programArgs] };
    return execa(file, args, {
      cwd,
      env: safeEnv(baseEnv, env),
      extendEnv: false,
      detached: true,
      all: true,
      reject: false,
      stdin: "ignore",
      buffer: false,
      ...(timeoutMs ? { timeout: timeoutMs, killSignal: "SIGKILL" as const } : {}),
    });
  };

  const track = (child: ResultPromise) => {
    let output = "";
    child.all?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
    });
    const exited: Promise<ExitInfo> = child.then(
      (r) => ({ exitCode: r.exitCode ?? null, signal: r.signal ?? null }),
      () => ({ exitCode: null, signal: null }),
    );
    const pid = child.pid ?? -1;
    const handle: ServiceProcess = {
      pid,
      exited,
      output: () => output,
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
      const child = spawn(file, args, options.cwd, options.env, options.timeoutMs);
      const handle = track(child);
      live.add(handle);
      const result = await child;
      killGroup(handle.pid, "SIGKILL");
      live.delete(handle);
      const run: RunResult = {
        exitCode: result.exitCode ?? null,
        output: handle.output(),
        timedOut: Boolean(result.timedOut),
        durationMs: Date.now() - startedAt,
      };
      return run;
    },
    start(file, args, options) {
      const child = spawn(file, args, options.cwd, options.env);
      const handle = track(child);
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
