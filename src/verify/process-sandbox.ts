import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { systemProgram } from "../core/system-program.js";

/**
 * Where generated code runs when the system allows it: new user, PID and
 * mount namespaces (`unshare`, no privileges needed where unprivileged user
 * namespaces are enabled), with a /proc of its own. Inside, the process sees
 * only itself and what it starts: not specforge, not the Action's node
 * process, whose /proc/<pid>/environ holds the Action's inputs (the GitHub
 * token, an API key) for as long as it runs and which no process can clear.
 * Files are shared as before; the network too (npm ci, the probes).
 */
export interface ProcessSandbox {
  /** Says what isolates the children, for the run's log. */
  readonly description: string;
  /** The command that runs `file args` inside the sandbox. */
  wrap(file: string, args: readonly string[]): { file: string; args: string[] };
}

const NAMESPACES = ["--pid", "--fork", "--mount-proc", "--kill-child"];
/** util-linux 2.38 maps the caller's own id; older versions can only map it to root inside. */
const USER_MAPPINGS = [["--user", "--map-current-user"], ["--user", "--map-root-user"]];

let detected: Promise<ProcessSandbox | null> | undefined;

/** The sandbox this system supports, found once per process (each try is one short `unshare … true`), or null. */
export function detectSandbox(): Promise<ProcessSandbox | null> {
  detected ??= probe();
  return detected;
}

async function probe(): Promise<ProcessSandbox | null> {
  if (process.platform !== "linux") return null;
  for (const mapping of USER_MAPPINGS) {
    const flags = [...mapping, ...NAMESPACES];
    // `true` from PATH is enough to see the namespaces made and /proc mounted.
    const unshare = systemProgram("unshare");
    const works = await promisify(execFile)(unshare, [...flags, "--", "true"], { timeout: 5_000, env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin" } }).then(
      () => true,
      () => false,
    );
    if (works) {
      return {
        description: `its own user, PID and mount namespaces (unshare ${flags.join(" ")})`,
        wrap: (file, args) => ({ file: unshare, args: [...flags, "--", file, ...args] }),
      };
    }
  }
  return null;
}
