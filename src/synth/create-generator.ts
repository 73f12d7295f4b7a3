import { createTemplateGenerator } from "./template-generator.js";
import type { Generator } from "./types.js";

export const GENERATOR_NAMES = ["template", "claude"] as const;

export class UnknownGeneratorError extends Error {}

export interface GeneratorSettings {
  anthropicApiKey?: string;
  model?: string;
}

/**
 * `template` (offline, deterministic), `claude` (needs an API key), or `auto`:
 * Claude when a key is configured, the template otherwise.
 */
export async function createGenerator(name: string, settings: GeneratorSettings = {}): Promise<Generator> {
  const choice = name === "auto" ? (settings.anthropicApiKey ? "claude" : "template") : name;
  switch (choice) {
    case "template":
      return createTemplateGenerator();
    case "claude": {
      if (!settings.anthropicApiKey) throw new UnknownGeneratorError("the claude generator needs an Anthropic API key (ANTHROPIC_API_KEY, or the action's anthropic-api-key input)");
      // Loaded only when asked for: the SDK is most of the start-up cost otherwise.
      const { createClaudeGenerator } = await import("./claude-generator.js");
      return createClaudeGenerator({ apiKey: settings.anthropicApiKey, ...(settings.model ? { model: settings.model } : {}) });
    }
    default:
      throw new UnknownGeneratorError(`unknown generator "${name}" (use: auto, ${GENERATOR_NAMES.join(", ")})`);
  }
}
