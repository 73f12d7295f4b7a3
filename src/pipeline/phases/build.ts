import path from "node:path";
import { rm } from "node:fs/promises";
import { buildService } from "../../verify/build-service.js";
import { launchService } from "../../verify/verify-service.js";
import type { Phase, RunContext } from "../run-context.js";
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
    await stopLaunched(run);
    const result = await buildService({
      serviceDir: run.outDir,
      runner: run.runner,
      specFile: run.specPath,
      layout: run.target.layout,
      ...(run.buildTimeouts ? { timeouts: run.buildTimeouts } : {}),
      ...(run.signal ? { signal: run.signal } : {}),
      ...(run.installCache ? { installCache: run.installCache } : {}),
      onStep: (step) => run.emit({ type: "progress", phase: "build", message: step }),
      // The service starts while its own tests run (it gets no request until they pass): the
      // verify phase then finds it answering instead of waiting for it. Its start-up is judged
      // by verify, as before.
      onCompiled: () => {
        run.launched = launchService({ serviceDir: run.outDir, runner: run.runner, specFile: run.specPath, layout: run.target.layout, readyTimeoutMs: run.readyTimeoutMs });
      },
    });
    if (!result.ok || run.signal?.aborted) await stopLaunched(run);
    return result.ok ? { ok: true } : { ok: false, findings: result.findings };
  },
};

/** Stops the service a build started, if it did. */
export async function stopLaunched(run: RunContext): Promise<void> {
  const launched = run.launched;
  run.launched = undefined;
  await launched?.stop();
}
