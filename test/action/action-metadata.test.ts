import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { INPUT_NAMES } from "../../action/src/inputs.js";
import { repoRoot } from "../helpers/paths.js";

const metadata = parse(readFileSync(path.join(repoRoot, "action/action.yml"), "utf8")) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};

// action.yml is a contract with every workflow that uses the action.
describe("action.yml", () => {
  it("declares exactly the inputs the action reads", () => {
    expect(Object.keys(metadata.inputs).sort()).toEqual(Object.values(INPUT_NAMES).sort());
  });

  it("requires only the SPEC path and defaults the token and sha from the run", () => {
    expect(Object.entries(metadata.inputs).filter(([, i]) => i.required).map(([name]) => name)).toEqual(["spec-path"]);
    expect(metadata.inputs["github-token"]?.default).toBe("${{ github.token }}");
    expect(metadata.inputs["sha"]?.default).toBe("${{ github.sha }}");
  });

  it("declares the outputs the action sets", () => {
    expect(Object.keys(metadata.outputs)).toEqual(["verdict", "report-path", "pull-request-url", "check-run-ids"]);
  });

  it("runs the committed bundle on the current Actions runtime", () => {
    expect(metadata.runs).toEqual({ using: "node24", main: "dist/index.js" });
  });
});
