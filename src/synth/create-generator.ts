import { UsageError } from "../core/usage-error.js";
import { DEFAULT_TARGET, isTargetName, TARGET_NAMES } from "./targets.js";
import { createTemplateGenerator } from "./template-generator.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import type { Generator } from "./types.js";

export const GENERATOR_NAMES = ["template", "claude", "command"] as const;

/** A generator or target the caller named does not exist, or cannot run (a usage error). */
export class UnknownGeneratorError extends UsageError {}

export interface GeneratorSettings {
  anthropicApiKey?: string;
  model?: string;
  /** `typescript-node` (the default) or `python-fastapi`: which kind of service to generate. */
  target?: string;
  /** For `command`: what to run, where, and which of the caller's variables it may see. */
  command?: { argv: readonly string[]; passEnv: readonly string[]; timeoutMs: number; runner: ProcessRunner; cwd: string; env: NodeJS.ProcessEnv };
}

/**
 * `template` (offline, deterministic), `claude` (needs an API key), `command`
 * (any program, see command-generator.ts), or `auto`: Claude when a key is
 * configured, the template otherwise. Each starts from the scaffold of
 * `settings.target`.
 */
export async function createGenerator(name: string, settings: GeneratorSettings = {}): Promise<Generator> {
  const target = settings.target || DEFAULT_TARGET;
  if (!isTargetName(target)) throw new UnknownGeneratorError(`unknown target "${target}" (use: ${TARGET_NAMES.join(", ")})`);
  const choice = name === "auto" ? (settings.anthropicApiKey ? "claude" : "template") : name;
  switch (choice) {
    case "template":
      return createTemplateGenerator(target);
    case "claude": {
      if (!settings.anthropicApiKey) throw new UnknownGeneratorError("the claude generator needs an Anthropic API key (ANTHROPIC_API_KEY, or the action's anthropic-api-key input)");
      // Loaded only when asked for: the SDK is most of the start-up cost otherwise.
      const { createClaudeGenerator } = await import("./claude-generator.js");
      return createClaudeGenerator({ apiKey: settings.anthropicApiKey, target, ...(settings.model ? { model: settings.model } : {}) });
    }
    case "command": {
      if (!settings.command?.argv.length) throw new UnknownGeneratorError("the command generator needs a program (--generator-command, generator.command in the configuration, or the action's generator-command input)");
      const { createCommandGenerator } = await import("./command-generator.js");
      const { argv, passEnv, timeoutMs, runner, cwd, env } = settings.command;
      return createCommandGenerator({ command: argv, passEnv, timeoutMs, runner, cwd, env, target });
    }
    default:
      throw new UnknownGeneratorError(`unknown generator "${name}" (use: auto, ${GENERATOR_NAMES.join(", ")})`);
  }
}
