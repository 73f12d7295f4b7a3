import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeSignature } from "../../src/learn/compute-signature.js";
import type { Signature } from "../../src/learn/types.js";
import { captureErrorOutputs, ERROR_SCENARIOS, type CapturedOutputs, type ErrorScenario } from "./capture-error-outputs.js";

// Runs the failing commands for real, twice: in two folders, on ports the system hands out, one
// capture after the other (so durations and timestamps differ too).
const scenarios = Object.keys(ERROR_SCENARIOS) as ErrorScenario[];
const folderFree = new Set<ErrorScenario>(["tsc-type-mismatch", "tsc-type-mismatch-pretty", "tsc-missing-module"]);
const folders: string[] = [];
let first: CapturedOutputs;
let second: CapturedOutputs;
const idOf = (outputs: CapturedOutputs, scenario: ErrorScenario): Signature["id"] => computeSignature({ text: outputs[scenario] }).id;

beforeAll(async () => {
  for (let i = 0; i < 2; i++) folders.push(await mkdtemp(path.join(os.tmpdir(), `specforge-errors-${i}-`)));
  first = await captureErrorOutputs(folders[0] as string);
  second = await captureErrorOutputs(folders[1] as string);
}, 60_000);

afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

describe("signatures of error outputs captured live", () => {
  it.each(scenarios.filter((scenario) => !folderFree.has(scenario)))("%s prints something different in each capture", (scenario) => {
    expect(first[scenario]).not.toBe(second[scenario]);
  });

  it.each(scenarios)("%s gets the same id in both captures", (scenario) => {
    expect(idOf(second, scenario)).toBe(idOf(first, scenario));
  });

  it.each(scenarios)("%s is recognised as its class", (scenario) => {
    expect(computeSignature({ text: first[scenario] }).class).toBe(ERROR_SCENARIOS[scenario]);
  });

  it.each([
    ["a type mismatch", "tsc-type-mismatch", "a missing module (tsc)", "tsc-missing-module"],
    ["a type mismatch", "tsc-type-mismatch", "a missing module (node)", "node-missing-module"],
    ["a timeout", "node-test-timeout", "an assertion failure", "node-test-assertion"],
    ["a refused connection", "fetch-connection-refused", "an out-of-sync lockfile", "npm-ci-lockfile-out-of-sync"],
    ["an out-of-sync lockfile", "npm-ci-lockfile-out-of-sync", "a bad npm command", "npm-usage-error"],
    ["a port in use", "server-address-in-use", "a crash on a request", "service-crash"],
  ] as const)("%s and %s get different ids", (_a, left, _b, right) => {
    expect(idOf(first, left)).not.toBe(idOf(first, right));
  });
});
