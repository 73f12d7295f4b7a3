import { spawnSync } from "node:child_process";
import path from "node:path";
import { median, percentile } from "./stats.js";

/** Wall time from starting the committed bundle with no inputs to its usage error. */
export function benchActionStartup(root: string, runs: number): string[] {
  const bundle = path.join(root, "action/dist/index.js");
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [bundle], { env: { PATH: process.env["PATH"] ?? "" }, encoding: "utf8" });
    times.push(performance.now() - started);
    if (result.status !== 1 || !result.stdout.includes("::error::")) throw new Error(`the bundle did not fail with a usage error: ${result.stdout}${result.stderr}`);
  }
  return [`action bundle start → usage error (${runs} runs): median ${Math.round(median(times))} ms, p95 ${Math.round(percentile(times, 95))} ms`];
}
