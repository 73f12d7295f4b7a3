import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runPipeline } from "../src/pipeline/run-pipeline.js";
import { PHASES } from "../src/pipeline/types.js";
import { createTemplateGenerator } from "../src/synth/template-generator.js";
import { createProcessRunner } from "../src/verify/create-process-runner.js";
import { createInstallCache, type InstallCache } from "../src/verify/install-cache.js";
import { median } from "./stats.js";

/** Full, fresh runs (new service folder each time): with `npm ci` every time, then with a warm install cache. */
export async function benchPipeline(specPath: string, runs: number): Promise<string[]> {
  const cacheRoot = await mkdtemp(path.join(os.tmpdir(), "specforge-bench-cache-"));
  const installCache = createInstallCache(cacheRoot);
  const lines = await series(specPath, runs, "npm ci every time", undefined);
  await series(specPath, 1, "", installCache); // fills the cache
  lines.push(...(await series(specPath, runs, "warm install cache", installCache)));
  await rm(cacheRoot, { recursive: true, force: true });
  return lines;
}

async function series(specPath: string, runs: number, label: string, installCache: InstallCache | undefined): Promise<string[]> {
  const generator = await createTemplateGenerator();
  const runner = createProcessRunner();
  const totals: number[] = [];
  const perPhase = new Map<string, number[]>();
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-bench-"));
    const started = performance.now();
    const report = await runPipeline({ specPath, outDir: path.join(dir, "svc") }, { runner, generator, ...(installCache ? { installCache } : {}) });
    totals.push(performance.now() - started);
    if (!report.verified) throw new Error(`bench run ${i + 1} was not verified: ${report.findings.map((f) => f.message).join("; ")}`);
    for (const p of report.phases) perPhase.set(p.name, [...(perPhase.get(p.name) ?? []), p.durationMs]);
    await rm(dir, { recursive: true, force: true });
  }
  return [
    `full run, ${label} (${path.basename(specPath)}, ${runs} fresh runs, warm npm cache): median ${Math.round(median(totals))} ms (min ${Math.round(Math.min(...totals))}, max ${Math.round(Math.max(...totals))})`,
    // The phases the runs had (no deploy target here: no deploy phase).
    ...PHASES.filter((p) => perPhase.has(p)).map((p) => `  ${p.padEnd(8)} median ${Math.round(median(perPhase.get(p) ?? []))} ms`),
  ];
}
