import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkSpecStack } from "../../src/synth/check-spec-stack.js";
import { buildExecutorSpec } from "../helpers/paths.js";

const spec = (...stack: string[]) => ["# Svc", "", "**Service Name:** svc", "", "### GET /ping", "```json", '{"ok": true}', "```", "", ...stack].join("\n");

describe("the warning when the SPEC names another stack", () => {
  it("names the stack, its line, the target used and the one to choose", () => {
    expect(checkSpecStack(readFileSync(buildExecutorSpec, "utf8"), "typescript-node", "SPEC.md")).toEqual([
      {
        code: "E1003",
        severity: "warning",
        message:
          'the SPEC names Python, FastAPI as its stack ("Language: Python 3.11"), but the service is generated for the typescript-node target (TypeScript on Node (node:http)); choose --target python-fastapi (or `target: python-fastapi` in the configuration) to generate Python with FastAPI and Pydantic',
        file: "SPEC.md",
        line: 225,
      },
    ]);
  });

  it("says nothing when the target generates the named stack", () => {
    expect(checkSpecStack(readFileSync(buildExecutorSpec, "utf8"), "python-fastapi", "SPEC.md")).toEqual([]);
    expect(checkSpecStack(spec("## Tech Stack", "", "- Node.js 20 with TypeScript"), "typescript-node", "SPEC.md")).toEqual([]);
  });

  it("says when no target generates the stack", () => {
    const [finding] = checkSpecStack(spec("**Language:** Go 1.22"), "typescript-node", "SPEC.md");
    expect([finding?.line, finding?.message]).toEqual([
      10,
      'the SPEC names Go as its stack ("Language: Go 1.22"), but the service is generated for the typescript-node target (TypeScript on Node (node:http)); no target generates Go (targets: typescript-node, python-fastapi)',
    ]);
  });

  it("points to the nearest target when none generates the framework", () => {
    const [finding] = checkSpecStack(spec("## Technology Stack", "", "- **Framework:** Flask (Python 3.12)"), "typescript-node", "SPEC.md");
    expect(finding?.message).toBe(
      'the SPEC names Flask, Python as its stack ("Framework: Flask (Python 3.12)"), but the service is generated for the typescript-node target (TypeScript on Node (node:http)); no target generates Flask; --target python-fastapi (or `target: python-fastapi` in the configuration) generates Python with FastAPI and Pydantic',
    );
  });

  it("reads stack sections and stack lines only, never code or other prose", () => {
    const text = spec("## Future", "", "- **Multi-Language:** support TypeScript, Go and Rust", "", "## Prompts", "", "```", "**Framework:** FastAPI", "```", "", "We go to Python meetups.");
    expect(checkSpecStack(text, "typescript-node", "SPEC.md")).toEqual([]);
  });
});
