import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runPipeline } from "../src/pipeline/run-pipeline.js";
import { TARGET_NAMES, type TargetName } from "../src/synth/targets.js";
import { createTemplateGenerator } from "../src/synth/template-generator.js";
import { createProcessRunner } from "../src/verify/create-process-runner.js";
import { createInstallCache, type InstallCache } from "../src/verify/install-cache.js";
import { median } from "./stats.js";

/** The build-executor example, which names Python/FastAPI as its stack. */
export const DEFAULT_TARGETS_SPEC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../examples/build-executor/SPEC.md");

/**
 * Full, fresh runs of one SPEC for every target (a new service folder each
 * time), after one uncounted run per target that warms the caches: the
 * TypeScript service's install cache, and the files a Python build reads.
 * The Python line says how its dependencies were installed.
 */
export async function benchTargets(specPath: string = DEFAULT_TARGETS_SPEC, runs = 3): Promise<string[]> {
  const cacheRoot = await mkdtemp(path.join(os.tmpdir(), "specforge-bench-cache-"));
  const installCache = createInstallCache(cacheRoot);
  const lines = [`full run by target (${path.basename(path.dirname(specPath))}/${path.basename(specPath)}, ${runs} fresh runs each, after one warm-up):`];
  try {
    for (const target of TARGET_NAMES) {
      await timeRuns(specPath, target, 1, installCache);
      const { totals, build, verify, install } = await timeRuns(specPath, target, runs, installCache);
      lines.push(
        `  ${target.padEnd(16)} median ${Math.round(median(totals))} ms (min ${Math.round(Math.min(...totals))}, max ${Math.round(Math.max(...totals))}; build ${Math.round(median(build))} ms, verify ${Math.round(median(verify))} ms; ${install})`,
      );
    }
  } finally {
    await rm(cacheRoot, { recursive: true, force: true });
  }
  return lines;
}

async function timeRuns(specPath: string, target: TargetName, runs: number, installCache: InstallCache) {
  const generator = await createTemplateGenerator(target);
  const runner = createProcessRunner();
  const totals: number[] = [];
  const build: number[] = [];
  const verify: number[] = [];
  let install = "";
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-bench-"));
    try {
      const started = performance.now();
      const report = await runPipeline(
        { specPath, outDir: path.join(dir, "svc") },
        {
          runner,
          generator,
          installCache,
          onEvent: (event) => {
            if (event.type === "progress" && event.phase === "build" && event.message.startsWith("install")) install = event.message;
          },
        },
      );
      totals.push(performance.now() - started);
      if (!report.verified) throw new Error(`${target} run ${i + 1} was not verified: ${report.findings.map((f) => f.message).join("; ")}`);
      build.push(report.phases.find((p) => p.name === "build")?.durationMs ?? 0);
      verify.push(report.phases.find((p) => p.name === "verify")?.durationMs ?? 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { totals, build, verify, install };
}
