// Figures for src/learn: how fast error outputs get their signature, how fast a pattern is found in
// a store of 100,000, and how long such a store takes to load and to update. Prints; asserts nothing.
// Alone: `npx tsx bench/bench-learn.ts`.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { computeSignature } from "../src/learn/compute-signature.js";
import { loadPatternStore, PATTERNS_FILE, updatePatternStore } from "../src/learn/pattern-store.js";
import { findPattern, recordOccurrence, toSample } from "../src/learn/record-pattern.js";
import type { PatternRecord } from "../src/learn/types.js";
import { median, percentile } from "./stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixtureDir = path.join(root, "test/fixtures/error-outputs");

export interface BenchLearnOptions {
  /** Lines of error output to sign (default 200,000). */
  corpusLines?: number;
  /** Patterns in the store (default 100,000). */
  patterns?: number;
}

export async function benchLearn(options: BenchLearnOptions = {}): Promise<string[]> {
  const corpusLines = options.corpusLines ?? 200_000;
  const patternCount = options.patterns ?? 100_000;
  const fixtures = await readFixtures();
  const corpus = buildCorpus(fixtures, corpusLines);
  return [...signatureThroughput(corpus), ...(await storeFigures(fixtures, patternCount))];
}

async function readFixtures(): Promise<string[]> {
  const names = (await readdir(fixtureDir)).filter((name) => name.endsWith(".txt")).sort();
  return Promise.all(names.map((name) => readFile(path.join(fixtureDir, name), "utf8")));
}

/**
 * The captured outputs again and again, each copy with other numbers (ports, pids, line numbers,
 * durations, timestamps, temp folder names), as many runs on many machines would print them.
 */
function buildCorpus(fixtures: string[], minimumLines: number): { outputs: string[]; lines: string[] } {
  const outputs: string[] = [];
  let lineCount = 0;
  for (let copy = 0; lineCount < minimumLines; copy++) {
    for (const text of fixtures) {
      const variant = text.replace(/(?<![A-Za-z])\d+/g, (digits) => String((Number(digits) + copy) % 100_000));
      outputs.push(variant);
      lineCount += variant.split("\n").length;
    }
  }
  const lines = outputs.flatMap((output) => output.split("\n").filter((line) => line.trim() !== ""));
  return { outputs, lines };
}

function signatureThroughput(corpus: { outputs: string[]; lines: string[] }): string[] {
  const totalLines = corpus.outputs.reduce((sum, output) => sum + output.split("\n").length, 0);
  timeAll(corpus.outputs.slice(0, 2_000)); // warm-up: JIT, regex compilation
  const wholeSeconds = timeAll(corpus.outputs);
  const lineSeconds = timeAll(corpus.lines);
  const rate = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString("en-US");
  return [
    `learn: signatures of whole error outputs (${corpus.outputs.length.toLocaleString("en-US")} outputs, ${totalLines.toLocaleString("en-US")} lines): ${rate(totalLines, wholeSeconds)} lines/s, ${rate(corpus.outputs.length, wholeSeconds)} outputs/s`,
    `learn: signatures of single error lines (${corpus.lines.length.toLocaleString("en-US")} lines, one signature each): ${rate(corpus.lines.length, lineSeconds)} signatures/s`,
  ];
}

function timeAll(texts: string[]): number {
  const started = performance.now();
  for (const text of texts) computeSignature({ text, phase: "build" });
  return (performance.now() - started) / 1000;
}

async function storeFigures(fixtures: string[], patternCount: number): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-bench-patterns-"));
  try {
    const samples = fixtures.map((text) => computeSignature({ text }));
    const ids = await updatePatternStore(dir, (store) => {
      for (let i = 0; i < patternCount; i++) {
        const record = syntheticRecord(i, samples[i % samples.length] as (typeof samples)[number]);
        store.patterns.set(record.id, record);
      }
      return [...store.patterns.keys()];
    });
    const sizeMb = (await stat(path.join(dir, PATTERNS_FILE))).size / 1024 / 1024;

    // CPU time beside wall time: on a shared machine the wall clock also counts other processes' turns.
    const loads: Timing[] = [];
    const updates: Timing[] = [];
    let store = await loadPatternStore(dir);
    for (let run = 0; run < 3; run++) {
      loads.push(await timed(async () => void (store = await loadPatternStore(dir))));
      updates.push(await timed(() => updatePatternStore(dir, (current) => void recordOccurrence(current, samples[run] as (typeof samples)[number], new Date()))));
    }

    const lookups: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      // One in ten asks for an id the store does not have.
      const id = i % 10 === 9 ? createHash("sha256").update(`missing ${i}`).digest("hex").slice(0, 16) : (ids[(i * 7919) % ids.length] as string);
      const started = process.hrtime.bigint();
      findPattern(store, id);
      lookups.push(Number(process.hrtime.bigint() - started) / 1000);
    }
    const signedLookups: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const text = fixtures[i % fixtures.length] as string;
      const started = process.hrtime.bigint();
      findPattern(store, computeSignature({ text }).id);
      signedLookups.push(Number(process.hrtime.bigint() - started) / 1000);
    }
    const count = patternCount.toLocaleString("en-US");
    return [
      `learn: pattern lookup by id among ${count} patterns: p50 ${percentile(lookups, 50).toFixed(2)} µs, p99 ${percentile(lookups, 99).toFixed(2)} µs`,
      `learn: signature of an error output + lookup among ${count} patterns: p50 ${percentile(signedLookups, 50).toFixed(1)} µs, p99 ${percentile(signedLookups, 99).toFixed(1)} µs`,
      `learn: ${count}-pattern store (${sizeMb.toFixed(1)} MB): load ${formatTimings(loads)}; load + save (one locked update) ${formatTimings(updates)} (median of 3)`,
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function formatTimings(timings: Timing[]): string {
  return `${median(timings.map((t) => t.wallMs)).toFixed(0)} ms (${median(timings.map((t) => t.cpuMs)).toFixed(0)} ms CPU)`;
}

function syntheticRecord(index: number, sample: { class: string; normalized: string; phase: string | null }): PatternRecord {
  const seen = new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString();
  return {
    id: createHash("sha256").update(`pattern ${index}`).digest("hex").slice(0, 16),
    class: sample.class,
    phase: ["build", "verify"][index % 2] as string,
    code: ["E2002", "E2004", "E3001", "E3004"][index % 4] as string,
    endpoint: index % 3 === 0 ? `GET /resource-${index % 50}/{id}` : null,
    sample: toSample(sample.normalized),
    seen: 1 + (index % 17),
    firstSeen: seen,
    lastSeen: seen,
    strategies: index % 2 === 0 ? { regenerate: { tried: 3, worked: 2, meanRecoveryMs: 4200.5 }, retry: { tried: 1, worked: 0, meanRecoveryMs: null } } : { retry: { tried: 2, worked: 1, meanRecoveryMs: 900 } },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const line of await benchLearn()) console.log(line);
}
