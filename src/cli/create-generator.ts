import { createTemplateGenerator } from "../synth/template-generator.js";
import type { Generator } from "../synth/types.js";

export type GeneratorChoice = "template";

export async function createGenerator(choice: string): Promise<Generator> {
  switch (choice) {
    case "template":
      return createTemplateGenerator();
    default:
      throw new UsageError(`unknown generator "${choice}" (use: template)`);
  }
}

export class UsageError extends Error {}
