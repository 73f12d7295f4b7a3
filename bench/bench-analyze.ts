// `npx tsx bench/bench-analyze.ts`: how long `specforge analyze` takes as the SPEC grows.
// Figures only; the aim (linear, 1 MB under 1 s) is read from here, never asserted in tests.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseSpec } from "../src/spec/parse-spec.js";
import { MAX_SPEC_BYTES } from "../src/spec/spec-size-limit.js";
import { median } from "./stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const notations = path.join(root, "test/fixtures/specs/notations");

/** A SPEC of about `bytes`, made of the notation fixtures one after another, over and over. */
export function syntheticSpec(bytes: number): string {
  const parts = readdirSync(notations)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => readFileSync(path.join(notations, f), "utf8"));
  const unit = parts.join("\n");
  const copies = Math.max(1, Math.floor(bytes / Buffer.byteLength(unit)));
  return Array.from({ length: copies }, () => unit).join("\n");
}

/** Median analyze time at 100 KB, 1 MB and just under the size limit, with the time per MB to show whether it stays linear. */
export async function benchAnalyze(runs = 3): Promise<string[]> {
  const sizes: Array<[string, number]> = [
    ["100 KB", 100 * 1024],
    ["1 MB", 1024 * 1024],
    [`the limit (${MAX_SPEC_BYTES / (1024 * 1024)} MiB)`, MAX_SPEC_BYTES - 4096],
  ];
  parseSpec(syntheticSpec(64 * 1024), "warm-up.md");
  const lines: string[] = [];
  for (const [label, bytes] of sizes) {
    const text = syntheticSpec(bytes);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let endpoints = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      endpoints = parseSpec(text, "SPEC.md").spec.endpoints.length;
      const used = process.cpuUsage(cpu);
      times.push(performance.now() - started);
      cpuTimes.push((used.user + used.system) / 1000);
    }
    const ms = median(times);
    const mb = Buffer.byteLength(text) / (1024 * 1024);
    // CPU time too: on a shared machine the wall time says as much about the neighbours as about the analyzer.
    lines.push(`analyze ${label}: ${Math.round(ms)} ms median of ${runs}, ${Math.round(median(cpuTimes))} ms CPU (${endpoints} endpoints, ${Math.round(ms / mb)} ms per MB)`);
  }
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const line of await benchAnalyze()) console.log(line);
}
