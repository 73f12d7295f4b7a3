import { ErrorCode } from "../core/error-codes.js";
import { VENV_DIR } from "../synth/service-layout.js";
import type { InstallContext, InstallResult } from "./install-context.js";
import { tailOf } from "./install-npm.js";
import { venvPython } from "./resolve-command.js";
import type { RunResult } from "./process-runner.js";

/** The interpreters tried when the build names none: the first `python3` on PATH, then the system's. */
export const DEFAULT_PYTHONS: readonly string[] = ["python3", "/usr/bin/python3"];

/**
 * Run by an interpreter with the requirements file as its argument: prints
 * which pinned packages it lacks (or has at another version) as JSON, and
 * exits 1 if any. Fixed code, given as an argument: nothing of the service is
 * interpolated into it.
 */
const PROBE = [
  "import json, re, sys",
  "from importlib import metadata",
  "missing = []",
  "for raw in open(sys.argv[1], encoding='utf-8'):",
  "    line = raw.split('#', 1)[0].strip()",
  "    if not line:",
  "        continue",
  "    m = re.match(r'([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[[^\\]]*\\])?\\s*(?:==\\s*([^\\s;]+))?', line)",
  "    if not m:",
  "        missing.append(line + ' (unreadable)')",
  "        continue",
  "    try:",
  "        found = metadata.version(m.group(1))",
  "    except metadata.PackageNotFoundError:",
  "        found = None",
  "    if found is None or (m.group(2) and found != m.group(2)):",
  "        missing.append(m.group(1) + ('==' + m.group(2) if m.group(2) else '') + ' (' + (found + ' installed' if found else 'not installed') + ')')",
  "print(json.dumps({'python': sys.version.split()[0], 'missing': missing}))",
  "sys.exit(1 if missing else 0)",
].join("\n");

interface ProbeReport {
  python: string;
  missing: string[];
}

/**
 * A virtual environment in the service folder with exactly what
 * `requirements.txt` pins. Offline first: when an interpreter already has the
 * pinned versions (Debian's python3-fastapi and friends, say), the venv is
 * made on top of its packages (`--system-site-packages`, no pip, a fraction of
 * a second). Otherwise the venv gets pip and installs the requirements from
 * the package index, as wheels only (`--only-binary=:all:`: no package's
 * build scripts run). Either way the venv is checked against the pins before
 * anything runs in it, and it is made anew each build (`--clear`), since
 * generated code ran in the last one.
 */
export async function installPythonVenv(ctx: InstallContext, requirements: string): Promise<InstallResult> {
  const deadline = Date.now() + ctx.timeoutMs;
  const run = (file: string, args: readonly string[]) => ctx.runner.run(file, args, { cwd: ctx.serviceDir, timeoutMs: Math.max(1_000, deadline - Date.now()) });
  const stopped = (result: RunResult, what: string): InstallResult | null => {
    if (ctx.signal?.aborted) return { ok: false, code: ErrorCode.BuildInitFailed, message: "the build was interrupted" };
    if (result.timedOut) return { ok: false, code: ErrorCode.BuildTimeout, message: `${what} did not finish within ${ctx.timeoutMs / 1000} s` };
    return null;
  };

  const lacking: string[] = [];
  let usable: string | undefined;
  let ready: string | undefined;
  for (const python of ctx.pythons) {
    const probe = await run(python, ["-c", PROBE, requirements]);
    const halt = stopped(probe, `${python} -c <probe>`);
    if (halt) return halt;
    const report = readProbe(probe.output);
    if (!report) continue;
    usable ??= python;
    if (probe.exitCode === 0) {
      ready = python;
      break;
    }
    lacking.push(`${python} (Python ${report.python}) lacks ${report.missing.join(", ")}`);
  }
  if (!usable) return { ok: false, code: ErrorCode.BuildEnvSetupFailed, message: `no Python 3 interpreter found (tried ${ctx.pythons.join(", ")})` };

  const python = venvPython(ctx.serviceDir);
  if (ready) {
    ctx.onStep(`install (a virtual environment on the packages of ${ready})`);
    const venv = await run(ready, ["-m", "venv", "--clear", "--without-pip", "--system-site-packages", VENV_DIR]);
    const failed = stopped(venv, "python -m venv") ?? exitFailure(venv, `${ready} -m venv failed`);
    if (failed) return failed;
  } else {
    ctx.onStep(`install (pip install -r ${requirements} from the package index)`);
    const venv = await run(usable, ["-m", "venv", "--clear", VENV_DIR]);
    const failed = stopped(venv, "python -m venv") ?? exitFailure(venv, `${usable} -m venv failed`);
    if (failed) return failed;
    const pip = await run(python, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--only-binary=:all:", "-r", requirements]);
    const pipFailed = stopped(pip, "pip install") ?? exitFailure(pip, `pip install -r ${requirements} failed; no interpreter had the pinned packages (${lacking.join("; ")})`);
    if (pipFailed) return pipFailed;
  }

  const check = await run(python, ["-c", PROBE, requirements]);
  const halt = stopped(check, "the requirements check");
  if (halt) return halt;
  if (check.exitCode !== 0) {
    const missing = readProbe(check.output)?.missing.join(", ") ?? tailOf(check.output);
    return { ok: false, code: ErrorCode.BuildEnvSetupFailed, message: `the virtual environment does not have what ${requirements} pins: ${missing}` };
  }
  return { ok: true };
}

function exitFailure(result: RunResult, message: string): InstallResult | null {
  return result.exitCode === 0 ? null : { ok: false, code: ErrorCode.BuildEnvSetupFailed, message: `${message} (exit ${result.exitCode}): ${tailOf(result.output)}` };
}

/** The probe's JSON line; null when the interpreter could not run it (missing, too old). */
function readProbe(output: string): ProbeReport | null {
  const line = output.trim().split("\n").pop() ?? "";
  try {
    const parsed = JSON.parse(line) as Partial<ProbeReport>;
    return typeof parsed.python === "string" && Array.isArray(parsed.missing) ? { python: parsed.python, missing: parsed.missing.map(String) } : null;
  } catch {
    return null;
  }
}
