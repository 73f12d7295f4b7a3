import { UsageError } from "../core/usage-error.js";
import { DEFAULT_TARGET, isTargetName, TARGET_NAMES } from "./targets.js";
import { createTemplateGenerator } from "./template-generator.js";
import type { Generator } from "./types.js";

export const GENERATOR_NAMES = ["template", "claude"] as const;

/** A generator or target the caller named does not exist, or cannot run (a usage error). */
export class UnknownGeneratorError extends UsageError {}

export interface GeneratorSettings {
  anthropicApiKey?: string;
  model?: string;
  /** `typescript-node` (the default) or `python-fastapi`: which kind of service to generate. */
  target?: string;
}

/**
 * `template` (offline, deterministic), `claude` (needs an API key), or `auto`:
 * Claude when a key is configured, the template otherwise. Either starts from
 * the scaffold of `settings.target`.
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
    default:
      throw new UnknownGeneratorError(`unknown generator "${name}" (use: auto, ${GENERATOR_NAMES.join(", ")})`);
  }
}
