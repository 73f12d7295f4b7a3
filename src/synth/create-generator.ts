import { createTemplateGenerator } from "./template-generator.js";
import type { Generator } from "./types.js";

export const GENERATOR_NAMES = ["template"] as const;
export type GeneratorName = (typeof GENERATOR_NAMES)[number];

export class UnknownGeneratorError extends Error {}

export async function createGenerator(name: string): Promise<Generator> {
  switch (name) {
    case "template":
      return createTemplateGenerator();
    default:
      throw new UnknownGeneratorError(`unknown generator "${name}" (use: ${GENERATOR_NAMES.join(", ")})`);
  }
}
