import { UsageError } from "../core/usage-error.js";
import { GENERATOR_NAMES } from "../synth/create-generator.js";
import { TARGET_NAMES } from "../synth/targets.js";
import { MAX_FUZZ_RUNS } from "../verify/types.js";
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
  const whole =
    (min: number, max: number): Check<number> =>
    (key, value) => {
      if (value === undefined) return undefined;
      if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
        problems.push(`\`${key}\`: must be a whole number from ${min} to ${max}`);
        return undefined;
      }
      return value as number;
    };
  const seconds =
    (max: number): Check<number> =>
    (key, value) => {
      if (value === undefined) return undefined;
      if (typeof value !== "number" || !(value > 0) || value > max) {
        problems.push(`\`${key}\`: must be a number of seconds above 0 and at most ${max}`);
        return undefined;
      }
      return value;
    };
  const flag: Check<boolean> = (key, value) => {
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") {
      problems.push(`\`${key}\`: must be true or false`);
      return undefined;
    }
    return value;
  };

  /** `generator: template`, or `generator: { command: [...], env: [...], timeout_seconds }`. */
  const generatorConfig = (value: unknown): SpecforgeConfig["generator"] => {
    if (value === undefined) return undefined;
    if (typeof value === "string") {
      const name = text(GENERATOR_CHOICES)("generator", value);
      if (name === "command") problems.push("`generator`: the command generator is written `generator: { command: [program, ...args] }`");
      return name === undefined ? undefined : { name };
    }
    const known = ["command", "env", "timeout_seconds"];
    const section = mapping("generator", value, known);
    const command = stringList()("generator.command", section["command"]);
    if (!command?.length || !command[0]?.trim()) problems.push("`generator.command`: must list the program to run and its arguments");
    return {
      name: "command",
      command,
      env: stringList((s) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? null : `"${s}" is not an environment variable name`))("generator.env", section["env"]),
      timeout_seconds: seconds(3600)("generator.timeout_seconds", section["timeout_seconds"]),
    };
  };

  const top = mapping("", config, Object.keys(DEFAULT_CONFIG));
  const specs = stringList((s) => (s.trim() === "" ? "must not be empty" : null))("specs", top["specs"]);
  if (specs?.length === 0) problems.push("`specs`: must list at least one glob");
  const deploy = mapping("deploy", top["deploy"], Object.keys(DEFAULT_CONFIG.deploy));
  const health = mapping("deploy.health", deploy["health"], Object.keys(DEFAULT_CONFIG.deploy.health));
  const command = stringList()("deploy.command", deploy["command"]);
  if (command && command.length > 0 && !command[0]?.trim()) problems.push("`deploy.command[0]`: must name a program");
  const approvals = mapping("approvals", top["approvals"], Object.keys(DEFAULT_CONFIG.approvals));
  const retries = mapping("retries", top["retries"], Object.keys(DEFAULT_CONFIG.retries));
  const verify = mapping("verify", top["verify"], Object.keys(DEFAULT_CONFIG.verify));
  return {
    specs,
    approval: text(APPROVAL_MODES)("approval", top["approval"]) as ResolvedConfig["approval"] | undefined,
    generator: generatorConfig(top["generator"]),
    target: text(TARGET_NAMES)("target", top["target"]),
    model: text()("model", top["model"]),
    approvers: stringList((s) => (LOGIN.test(s) ? null : `"${s}" is not a GitHub login`))("approvers", top["approvers"]),
    deploy: {
      environment: text(undefined, { test: /^[\w.-]{1,255}$/, what: "an environment name (letters, digits, . _ -)" })("deploy.environment", deploy["environment"]),
      command,
      url: text(undefined, { test: /^$|^https?:\/\/\S+$/, what: "an http(s) URL" })("deploy.url", deploy["url"]),
      health: {
        path: text(undefined, { test: /^\/\S*$/, what: "a path starting with /" })("deploy.health.path", health["path"]),
        timeout_seconds: seconds(3600)("deploy.health.timeout_seconds", health["timeout_seconds"]),
        interval_ms: whole(10, 60_000)("deploy.health.interval_ms", health["interval_ms"]),
        successes: whole(1, 100)("deploy.health.successes", health["successes"]),
      },
      auto_rollback: flag("deploy.auto_rollback", deploy["auto_rollback"]),
      env: stringList((s) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? null : `"${s}" is not an environment variable name`))("deploy.env", deploy["env"]),
      timeout_seconds: seconds(3600)("deploy.timeout_seconds", deploy["timeout_seconds"]),
    },
    patterns: text(undefined, { test: /^(?!.*(?:^|\/)\.\.(?:\/|$))[^\0]*$/, what: "a folder path without .. segments" })("patterns", top["patterns"]),
    approvals: inheritApprovals({
      low: whole(0, 10)("approvals.low", approvals["low"]),
      medium: whole(0, 10)("approvals.medium", approvals["medium"]),
      high: whole(0, 10)("approvals.high", approvals["high"]),
      critical: whole(0, 10)("approvals.critical", approvals["critical"]),
      count_pusher: flag("approvals.count_pusher", approvals["count_pusher"]),
    }),
    retries: {
      generate: whole(1, 5)("retries.generate", retries["generate"]),
      build: whole(1, 5)("retries.build", retries["build"]),
      verify: whole(1, 5)("retries.verify", retries["verify"]),
    },
    verify: { fuzz: whole(0, MAX_FUZZ_RUNS)("verify.fuzz", verify["fuzz"]) },
    workflow: text(undefined, { test: /^[\w.-]+\.ya?ml$/, what: "a file name in .github/workflows ending in .yml" })("workflow", top["workflow"]),
  };
}

/**
 * A grade the file gives no count takes the count of the closest less
 * serious grade it does give: a more serious change never needs fewer
 * approvals (`high: 1` alone means critical changes need one too).
 */
function inheritApprovals(given: SpecforgeConfig["approvals"] & object): SpecforgeConfig["approvals"] {
  const grades = ["low", "medium", "high", "critical"] as const;
  if (grades.every((g) => given[g] === undefined)) return given;
  const result = { ...given };
  let carried = 0;
  for (const grade of grades) {
    carried = given[grade] ?? carried;
    result[grade] = carried;
  }
  return result;
}

/** The defaults with every key the user set laid over them (lists replace, mappings merge). */
function overlay<T>(defaults: T, user: unknown): T {
  if (user === undefined) return structuredClone(defaults);
  if (Array.isArray(defaults) || typeof defaults !== "object" || defaults === null) return user as T;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(defaults as Record<string, unknown>)) result[key] = overlay(value, (user as Record<string, unknown>)[key]);
  return result as T;
}

