import type { Generator } from "../synth/types.js";

/** `template@1+typescript-node+<hash>`: which generator, at which version, wrote a service. */
export function generatorTag(generator: Generator): string {
  return `${generator.id}@${generator.version}`;
}
