import path from "node:path";
import { rm } from "node:fs/promises";
import { buildService } from "../../verify/build-service.js";
import type { Phase } from "../run-context.js";
import { isResumable } from "./resumable.js";

/** Installs, compiles or checks, and runs the service's own tests, as its target's layout says. */
export const buildPhase: Phase = {
  name: "build",
  applies: () => true,
  maxAttempts: (run) => run.retry.buildAttempts,
  resume: (run) => isResumable(run, "build"),
  async attempt(run) {
    if (run.cleanInstall) {
      // What was installed may be what is broken: start from nothing, and do not take it from the cache.
      for (const entry of run.target.layout.keep) await rm(path.join(run.outDir, entry), { recursive: true, force: true });
      run.installCache = undefined;
      run.cleanInstall = false;
    }
    const result = await buildService({
      serviceDir: run.outDir,
      runner: run.runner,
      specFile: run.specPath,
      layout: run.target.layout,
      ...(run.buildTimeouts ? { timeouts: run.buildTimeouts } : {}),
      ...(run.signal ? { signal: run.signal } : {}),
      ...(run.installCache ? { installCache: run.installCache } : {}),
      onStep: (step) => run.emit({ type: "progress", phase: "build", message: step }),
    });
    return result.ok ? { ok: true } : { ok: false, findings: result.findings };
  },
};
