import type * as core from "@actions/core";
import { APPROVAL_MODES, isApprovalMode, type ApprovalMode } from "../../src/config/approval-modes.js";
import type { BuildRequest } from "../../src/github/run-and-publish.js";
import { PHASES, type PhaseName } from "../../src/pipeline/types.js";

/** Everything the action reads from its `with:` block, parsed once. */
export interface ActionInputs extends BuildRequest {
  githubToken: string;
}

/** Names as in action.yml; a test checks the two agree. */
export const INPUT_NAMES = {
  specPath: "spec-path",
  sha: "sha",
  approvalMode: "approval-mode",
  generator: "generator",
  generatorCommand: "generator-command",
  target: "target",
  model: "model",
  anthropicApiKey: "anthropic-api-key",
  githubToken: "github-token",
  outputDir: "output-dir",
  baseBranch: "base-branch",
  approved: "approved",
  retryFrom: "retry-from",
  requestedBy: "requested-by",
  notes: "notes",
  rollback: "rollback",
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
  const approved = read("approved") || "false";
  if (approved !== "true" && approved !== "false") problems.push(`input "approved" must be true or false, not "${approved}"`);
  const retryFrom = read("retryFrom");
  if (retryFrom && !(PHASES as readonly string[]).includes(retryFrom)) problems.push(`input "retry-from" must be one of ${PHASES.join(", ")}, not "${retryFrom}"`);
  const inputs: ActionInputs = {
    specPath: read("specPath", true),
    sha: read("sha") || env["GITHUB_SHA"] || "",
    approvalMode: approvalMode as ApprovalMode,
    generator: read("generator"),
    generatorCommand: parseCommandInput(read("generatorCommand"), problems),
    target: read("target"),
    model: read("model"),
    anthropicApiKey: read("anthropicApiKey"),
    githubToken: read("githubToken", true),
    outputDir: read("outputDir"),
    baseBranch: read("baseBranch") || env["GITHUB_REF_NAME"] || "",
    approved: approved === "true",
    retryFrom: retryFrom as PhaseName | "",
    requestedBy: read("requestedBy"),
    notes: read("notes"),
    rollback: read("rollback"),
  };
  if (!inputs.sha) problems.push('input "sha" is empty and GITHUB_SHA is not set');
  if (problems.length > 0) throw new InputError(problems.join("; "));
  return inputs;
}

/**
 * `generator-command`: a JSON array (`["node", "tools/generate.mjs", "--fast"]`) or a single
 * program path. Never split on spaces: it is an argv, not a shell string.
 */
function parseCommandInput(value: string, problems: string[]): string[] {
  if (!value) return [];
  if (!value.startsWith("[")) return [value];
  try {
    const argv = JSON.parse(value) as unknown;
    if (Array.isArray(argv) && argv.length > 0 && argv.every((a) => typeof a === "string") && (argv[0] as string).trim()) return argv as string[];
  } catch {
    // Reported below.
  }
  problems.push('input "generator-command" must be a program path or a JSON array of strings (["program", "arg", ...])');
  return [];
}
