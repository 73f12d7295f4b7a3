import { GENERATOR_NAMES } from "../synth/create-generator.js";
import { APPROVAL_MODES, isApprovalMode, type ApprovalMode } from "./approval-modes.js";

/** `.github/specforge.yml` as a user writes it: every key optional. */
export interface SpecforgeConfig {
  specs?: string[];
  approval?: string;
  generator?: string;
  model?: string;
  approvers?: string[];
  deploy?: { targets?: string[] };
  retries?: { generate?: number; build?: number };
  workflow?: string;
}

/** The configuration after defaults: what the app and the Action act on. */
export interface ResolvedConfig {
  specs: string[];
  approval: ApprovalMode;
  generator: string;
  model: string;
  /** Logins allowed to run state-changing commands besides people with write access. */
  approvers: string[];
  deployTargets: string[];
  retries: { generate: number; build: number };
  /** The workflow file the app dispatches, under `.github/workflows/`. */
  workflow: string;
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  specs: ["**/SPEC.md"],
  approval: "auto",
  generator: "template",
  model: "",
  approvers: [],
  deployTargets: [],
  retries: { generate: 3, build: 2 },
  workflow: "specforge.yml",
};

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    readonly source = ".github/specforge.yml",
  ) {
    super(`${source} is invalid:\n${problems.map((p) => `- ${p}`).join("\n")}`);
  }
}

const KNOWN_KEYS = ["specs", "approval", "generator", "model", "approvers", "deploy", "retries", "workflow"];
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/**
 * Validates the user's configuration and fills in defaults. No file (null or
 * undefined) means the defaults. Every problem is reported at once, by key path.
 */
export function resolveConfig(raw: unknown, source?: string): ResolvedConfig {
  if (raw === null || raw === undefined) return structuredClone(DEFAULT_CONFIG);
  const problems: string[] = [];
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ConfigError(["the file must be a mapping of keys to values"], source);
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) if (!KNOWN_KEYS.includes(key)) problems.push(`\`${key}\`: unknown key (known: ${KNOWN_KEYS.join(", ")})`);

  const stringList = (key: string, value: unknown, check?: (s: string) => string | null): string[] | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
      problems.push(`\`${key}\`: must be a list of strings`);
      return undefined;
    }
    value.forEach((v: string, i) => {
      const problem = check?.(v);
      if (problem) problems.push(`\`${key}[${i}]\`: ${problem}`);
    });
    return value as string[];
  };
  const text = (key: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== "string") {
      problems.push(`\`${key}\`: must be a string`);
      return undefined;
    }
    return value;
  };
  const count = (key: string, value: unknown, max: number): number | undefined => {
    if (value === undefined) return undefined;
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max) {
      problems.push(`\`${key}\`: must be a whole number from 1 to ${max}`);
      return undefined;
    }
    return value as number;
  };
  const section = (key: string, value: unknown, keys: string[]): Record<string, unknown> => {
    if (value === undefined) return {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(`\`${key}\`: must be a mapping`);
      return {};
    }
    for (const k of Object.keys(value)) if (!keys.includes(k)) problems.push(`\`${key}.${k}\`: unknown key (known: ${keys.join(", ")})`);
    return value as Record<string, unknown>;
  };

  const specs = stringList("specs", config["specs"], (s) => (s.trim() === "" ? "must not be empty" : null));
  if (specs?.length === 0) problems.push("`specs`: must list at least one glob");
  const approval = text("approval", config["approval"]);
  if (approval !== undefined && !isApprovalMode(approval)) problems.push(`\`approval\`: must be one of ${APPROVAL_MODES.join(", ")}, not "${approval}"`);
  const generator = text("generator", config["generator"]);
  if (generator !== undefined && !(GENERATOR_NAMES as readonly string[]).includes(generator)) {
    problems.push(`\`generator\`: must be one of ${GENERATOR_NAMES.join(", ")}, not "${generator}"`);
  }
  const model = text("model", config["model"]);
  const approvers = stringList("approvers", config["approvers"], (s) => (LOGIN.test(s) ? null : `"${s}" is not a GitHub login`));
  const deploy = section("deploy", config["deploy"], ["targets"]);
  const deployTargets = stringList("deploy.targets", deploy["targets"], (s) => (/^[\w.-]+$/.test(s) ? null : `"${s}" is not a valid environment name`));
  const retries = section("retries", config["retries"], ["generate", "build"]);
  const generate = count("retries.generate", retries["generate"], 5);
  const build = count("retries.build", retries["build"], 5);
  const workflow = text("workflow", config["workflow"]);
  if (workflow !== undefined && !/^[\w.-]+\.ya?ml$/.test(workflow)) problems.push(`\`workflow\`: must be a file name in .github/workflows ending in .yml, not "${workflow}"`);

  if (problems.length > 0) throw new ConfigError(problems, source);
  return {
    specs: specs ?? DEFAULT_CONFIG.specs,
    approval: (approval as ApprovalMode | undefined) ?? DEFAULT_CONFIG.approval,
    generator: generator ?? DEFAULT_CONFIG.generator,
    model: model ?? DEFAULT_CONFIG.model,
    approvers: approvers ?? [],
    deployTargets: deployTargets ?? [],
    retries: { generate: generate ?? DEFAULT_CONFIG.retries.generate, build: build ?? DEFAULT_CONFIG.retries.build },
    workflow: workflow ?? DEFAULT_CONFIG.workflow,
  };
}
