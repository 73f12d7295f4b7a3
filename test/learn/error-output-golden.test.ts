import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeSignature } from "../../src/learn/compute-signature.js";
import { fixture } from "../helpers/paths.js";
import { ERROR_SCENARIOS, type ErrorScenario, type GoldenSignature } from "./capture-error-outputs.js";

// Real outputs captured by capture-error-outputs.ts; golden.json pins their ids so that a change to
// normalisation that moves an id is seen (and the fixtures re-pinned on purpose).
const golden = JSON.parse(readFileSync(fixture("error-outputs/golden.json"), "utf8")) as Record<ErrorScenario, GoldenSignature>;
const scenarios = Object.keys(ERROR_SCENARIOS) as ErrorScenario[];
const signatureOf = (scenario: ErrorScenario) => computeSignature({ text: readFileSync(fixture(`error-outputs/${scenario}.txt`), "utf8") });

describe("signatures of captured error outputs", () => {
  it("has a golden entry for every scenario", () => {
    expect(Object.keys(golden).sort()).toEqual([...scenarios].sort());
  });

  it.each(scenarios)("%s normalises to its golden class, id and text", (scenario) => {
    const { id, class: errorClass, normalized } = signatureOf(scenario);
    expect({ class: errorClass, id, normalized }).toEqual(golden[scenario]);
  });

  it.each(scenarios)("%s is recognised as its scenario's class", (scenario) => {
    expect(signatureOf(scenario).class).toBe(ERROR_SCENARIOS[scenario]);
  });

  it("gives tsc's plain and --pretty output of one error the same id", () => {
    expect(signatureOf("tsc-type-mismatch-pretty").id).toBe(signatureOf("tsc-type-mismatch").id);
  });

  it("gives every other scenario an id of its own", () => {
    const ids = scenarios.filter((scenario) => scenario !== "tsc-type-mismatch-pretty").map((scenario) => signatureOf(scenario).id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
