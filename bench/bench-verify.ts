import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runPipeline } from "../src/pipeline/run-pipeline.js";
import { analyzeSpecFile } from "../src/spec/analyze-spec-file.js";
import { toContract } from "../src/spec/to-contract.js";
import { TARGETS } from "../src/synth/targets.js";
import { createTemplateGenerator } from "../src/synth/template-generator.js";
import { createProcessRunner } from "../src/verify/create-process-runner.js";
import { createInstallCache } from "../src/verify/install-cache.js";
import { DEFAULT_FUZZ_RUNS, SHAPE_ONLY_CHECKS, type VerifyChecks } from "../src/verify/types.js";
import { verifyService } from "../src/verify/verify-service.js";
import { median } from "./stats.js";

const DEFAULT_SPEC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../examples/build-executor/SPEC.md");

/**
 * The verify phase's time on one SPEC's TypeScript service (built once):
 * start, probe every endpoint, stop. With the baseline only (status and
 * shape), with the schema and negative checks, and with them and
 * `DEFAULT_FUZZ_RUNS` generated requests per endpoint. Figures only.
 */
export async function benchVerify(specPath: string = DEFAULT_SPEC, runs = 5): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-bench-verify-"));
  const runner = createProcessRunner();
  try {
    const serviceDir = path.join(dir, "svc");
    const built = await runPipeline(
      { specPath, outDir: serviceDir, stopAfter: "build" },
      { runner, generator: await createTemplateGenerator("typescript-node"), installCache: createInstallCache(path.join(dir, "cache")) },
    );
    if (built.stoppedAfter !== "build") throw new Error(`the service did not build: ${built.findings.find((f) => f.severity === "error")?.message}`);
    const contract = toContract((await analyzeSpecFile(specPath)).spec);
    const time = async (checks: Partial<VerifyChecks>) => {
      const times: number[] = [];
      for (let i = 0; i < runs + 1; i++) {
        const started = performance.now();
        const result = await verifyService({ serviceDir, contract, runner, specFile: specPath, layout: TARGETS["typescript-node"].layout, checks });
        if (!result.ok) throw new Error(`not verified: ${result.findings[0]?.message}`);
        // The first run warms Node's and the OS's caches: not counted.
        if (i > 0) times.push(performance.now() - started);
      }
      return `median ${Math.round(median(times))} ms (min ${Math.round(Math.min(...times))}, max ${Math.round(Math.max(...times))})`;
    };
    const name = `${path.basename(path.dirname(specPath))}/${path.basename(specPath)}`;
    return [
      `verify phase (${name}, typescript-node, ${contract.endpoints.length} endpoints, ${runs} runs each after one warm-up):`,
      `  status and shape only               ${await time(SHAPE_ONLY_CHECKS)}`,
      `  + schema, not-found, invalid-body   ${await time({ fuzzRuns: 0 })}`,
      `  + ${DEFAULT_FUZZ_RUNS} generated requests each     ${await time({ fuzzRuns: DEFAULT_FUZZ_RUNS })} (aim < 1 s)`,
    ];
  } finally {
    await runner.stopAll();
    await rm(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) for (const line of await benchVerify(process.argv[2])) console.log(line);
