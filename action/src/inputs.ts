import type * as core from "@actions/core";
import { APPROVAL_MODES, isApprovalMode, type ApprovalMode } from "../../src/config/approval-modes.js";

/** Everything the action reads from its `with:` block, parsed once. */
export interface ActionInputs {
  specPath: string;
  sha: string;
  approvalMode: ApprovalMode;
  generator: string;
  model: string;
  anthropicApiKey: string;
  githubToken: string;
  outputDir: string;
  baseBranch: string;
}

/** Names as in action.yml; a test checks the two agree. */
export const INPUT_NAMES = {
  specPath: "spec-path",
  sha: "sha",
  approvalMode: "approval-mode",
  generator: "generator",
  model: "model",
  anthropicApiKey: "anthropic-api-key",
  githubToken: "github-token",
  outputDir: "output-dir",
  baseBranch: "base-branch",
} as const satisfies Record<keyof ActionInputs, string>;

export class InputError extends Error {}

export function readActionInputs(getInput: typeof core.getInput, env: NodeJS.ProcessEnv): ActionInputs {
  const problems: string[] = [];
  const read = (key: keyof ActionInputs, required = false) => {
    const value = getInput(INPUT_NAMES[key]).trim();
    if (required && !value) problems.push(`input "${INPUT_NAMES[key]}" is required`);
    return value;
  };
  const approvalMode = read("approvalMode") || "auto";
  if (!isApprovalMode(approvalMode)) {
    problems.push(`input "approval-mode" must be one of ${APPROVAL_MODES.join(", ")}, not "${approvalMode}"`);
  }
  const inputs: ActionInputs = {
    specPath: read("specPath", true),
    sha: read("sha") || env["GITHUB_SHA"] || "",
    approvalMode: approvalMode as ApprovalMode,
    generator: read("generator") || "template",
    model: read("model"),
    anthropicApiKey: read("anthropicApiKey"),
    githubToken: read("githubToken", true),
    outputDir: read("outputDir"),
    baseBranch: read("baseBranch") || env["GITHUB_REF_NAME"] || "",
  };
  if (!inputs.sha) problems.push('input "sha" is empty and GITHUB_SHA is not set');
  if (problems.length > 0) throw new InputError(problems.join("; "));
  return inputs;
}
