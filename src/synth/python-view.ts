import type { Contract } from "../spec/to-contract.js";
import { toPythonModels, toPyComment } from "./python-models.js";
import { HANDLER_BY_ROLE, planTests, type TestCheck } from "./service-plan.js";
import type { GenerateInput } from "./types.js";

// Not `list`: a module-level function by that name would hide the builtin.
const PYTHON_HANDLERS = { ...HANDLER_BY_ROLE, list: "list_resources" };

const CHECKS: Record<TestCheck, string> = {
  endpoint: "check_endpoint",
  "rejects-missing-field": "check_rejects_missing_field",
  "read-back": "check_read_back",
  stream: "check_stream",
};

/**
 * What the python-fastapi templates need beyond the common view: routes and
 * test functions with Python names, and the Pydantic models. Keys land in
 * code as JSON string literals (valid Python), SPEC text only in comments.
 */
export function toPythonView({ spec, contract, specText }: Pick<GenerateInput, "spec" | "contract" | "specText">): Record<string, unknown> {
  return {
    pyRoutes: contract.endpoints.map((e) => ({
      comment: toPyComment(`${e.key}${e.summary ? ` — ${e.summary}` : ""}${e.line ? ` (SPEC line ${e.line})` : ""}`),
      keyJson: JSON.stringify(e.key),
      handler: PYTHON_HANDLERS[e.role],
    })),
    pyTests: toPyTests(contract),
    ...toPythonModels(spec, contract, specText),
  };
}

/** `test_03_post_notes_answers_as_documented`: numbered, so names stay unique and in order. */
function toPyTests(contract: Contract) {
  const tests = planTests(contract);
  const width = Math.max(2, String(tests.length).length);
  return tests.map((t, i) => ({
    name: `test_${String(i + 1).padStart(width, "0")}_${t.name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 80)}`,
    check: CHECKS[t.check],
    keyJson: JSON.stringify(t.key),
  }));
}
