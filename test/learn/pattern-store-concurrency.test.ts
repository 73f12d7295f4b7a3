import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { computeSignature } from "../../src/learn/compute-signature.js";
import { loadPatternStore } from "../../src/learn/pattern-store.js";
import { repoRoot } from "../helpers/paths.js";

const PROCESSES = 3;
const UPDATES_EACH = 30;
const counter = path.join(repoRoot, "test/learn/helpers/count-in-store.ts");
const signature = computeSignature({ text: "Error: listen EADDRINUSE: address already in use :::4321", phase: "verify" });

function startCounter(dir: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", counter, dir, String(UPDATES_EACH)], { cwd: repoRoot, stdio: ["pipe", "pipe", "inherit"] });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`the counter exited (${code}) before it was ready`)));
  });
  return { child, ready };
}

it(`loses no count when ${PROCESSES} processes update the store at once`, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-patterns-concurrent-"));
  const counters = Array.from({ length: PROCESSES }, () => startCounter(dir));
  await Promise.all(counters.map((counter) => counter.ready));
  // Started together only once all are loaded, so that their updates really overlap.
  for (const { child } of counters) child.stdin?.write("go\n");
  const exitCodes = await Promise.all(counters.map(async ({ child }) => (await once(child, "exit"))[0]));
  expect(exitCodes).toEqual(Array(PROCESSES).fill(0));

  const record = (await loadPatternStore(dir)).patterns.get(signature.id);
  const total = PROCESSES * UPDATES_EACH;
  expect([record?.seen, record?.strategies["retry"]]).toEqual([total, { tried: total, worked: PROCESSES * Math.ceil(UPDATES_EACH / 2), meanRecoveryMs: 100 }]);
}, 60_000);
