import { UsageError } from "../core/usage-error.js";
import { GENERATOR_NAMES } from "../synth/create-generator.js";
import { APPROVAL_MODES } from "./approval-modes.js";
import { DEFAULT_CONFIG } from "./defaults.js";
import type { ResolvedConfig, SpecforgeConfig } from "./types.js";

export type { ResolvedConfig, SpecforgeConfig } from "./types.js";
export { DEFAULT_CONFIG } from "./defaults.js";

export class ConfigError extends UsageError {
  constructor(
    readonly problems: string[],
    readonly source = ".github/specforge.yml",
  ) {
    super(`${source} is invalid:\n${problems.map((p) => `- ${p}`).join("\n")}`);
  }
}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;
const GENERATOR_CHOICES = ["auto", ...GENERATOR_NAMES];

/**
 * Validates the user's configuration and lays it over `DEFAULT_CONFIG`. No
 * file (null or undefined) means the defaults. Every problem is reported at
 * once, by key path.
 */
export function resolveConfig(raw: unknown, source?: string): ResolvedConfig {
  if (raw === null || raw === undefined) return structuredClone(DEFAULT_CONFIG);
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ConfigError(["the file must be a mapping of keys to values"], source);
  const problems: string[] = [];
  const user = validateConfig(raw as Record<string, unknown>, problems);
  if (problems.length > 0) throw new ConfigError(problems, source);
  return overlay(DEFAULT_CONFIG, user);
}

/** A key's value checked; undefined when absent or invalid (the problem is recorded). */
type Check<T> = (key: string, value: unknown) => T | undefined;

function validateConfig(config: Record<string, unknown>, problems: string[]): SpecforgeConfig {
  const mapping = (key: string, value: unknown, known: string[]): Record<string, unknown> => {
    if (value === undefined) return {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(`\`${key}\`: must be a mapping`);
      return {};
    }
    const prefix = key ? `${key}.` : "";
    for (const k of Object.keys(value)) if (!known.includes(k)) problems.push(`\`${prefix}${k}\`: unknown key (known: ${known.join(", ")})`);
    return value as Record<string, unknown>;
  };
  const stringList =
    (check?: (s: string) => string | null): Check<string[]> =>
    (key, value) => {
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
  const text =
    (allowed?: readonly string[], pattern?: { test: RegExp; what: string }): Check<string> =>
    (key, value) => {
      if (value === undefined) return undefined;
      if (typeof value !== "string") {
        problems.push(`\`${key}\`: must be a string`);
        return undefined;
      }
      if (allowed && !allowed.includes(value)) {
        problems.push(`\`${key}\`: must be one of ${allowed.join(", ")}, not "${value}"`);
        return undefined;
      }
      if (pattern && !pattern.test.test(value)) {
        problems.push(`\`${key}\`: must be ${pattern.what}, not "${value}"`);
        return undefined;
      }
      return value;
    };
  const count =
    (max: number): Check<number> =>
    (key, value) => {
      if (value === undefined) return undefined;
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max) {
        problems.push(`\`${key}\`: must be a whole number from 1 to ${max}`);
        return undefined;
      }
      return value as number;
    };

  const top = mapping("", config, Object.keys(DEFAULT_CONFIG));
  const specs = stringList((s) => (s.trim() === "" ? "must not be empty" : null))("specs", top["specs"]);
  if (specs?.length === 0) problems.push("`specs`: must list at least one glob");
  const deploy = mapping("deploy", top["deploy"], Object.keys(DEFAULT_CONFIG.deploy));
  const retries = mapping("retries", top["retries"], Object.keys(DEFAULT_CONFIG.retries));
  return {
    specs,
    approval: text(APPROVAL_MODES)("approval", top["approval"]) as ResolvedConfig["approval"] | undefined,
    generator: text(GENERATOR_CHOICES)("generator", top["generator"]),
    model: text()("model", top["model"]),
    approvers: stringList((s) => (LOGIN.test(s) ? null : `"${s}" is not a GitHub login`))("approvers", top["approvers"]),
    deploy: { targets: stringList((s) => (/^[\w.-]+$/.test(s) ? null : `"${s}" is not a valid environment name`))("deploy.targets", deploy["targets"]) },
    retries: { generate: count(5)("retries.generate", retries["generate"]), build: count(5)("retries.build", retries["build"]) },
    workflow: text(undefined, { test: /^[\w.-]+\.ya?ml$/, what: "a file name in .github/workflows ending in .yml" })("workflow", top["workflow"]),
  };
}

/** The defaults with every key the user set laid over them (lists replace, mappings merge). */
function overlay<T>(defaults: T, user: unknown): T {
  if (user === undefined) return structuredClone(defaults);
  if (Array.isArray(defaults) || typeof defaults !== "object" || defaults === null) return user as T;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(defaults as Record<string, unknown>)) result[key] = overlay(value, (user as Record<string, unknown>)[key]);
  return result as T;
}

