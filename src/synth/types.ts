import type { Finding } from "../core/findings.js";
import type { Contract } from "../spec/to-contract.js";
import type { ServiceSpec } from "../spec/types.js";
import type { TargetName } from "./targets.js";

export interface GeneratedFile {
  /** Relative POSIX path inside the service folder. */
  path: string;
  content: string;
}

export interface GenerateInput {
  spec: ServiceSpec;
  contract: Contract;
  /** The SPEC's text, for generators that read it whole (an LLM). Untrusted. */
  specText: string;
  /** 1 on the first try; later tries carry what went wrong before. */
  attempt: number;
  previousFindings: Finding[];
}

/**
 * A way to turn a SPEC into a service's files. To add one:
 *
 * ```ts
 * export function createMyGenerator(): Generator {
 *   return {
 *     id: "mine",
 *     version: "1",                 // bump whenever output for the same SPEC changes
 *     deterministic: true,
 *     async generate(input) {
 *       return [{ path: "src/server.ts", content: "…" }]; // pure: files, not writes
 *     },
 *   };
 * }
 * ```
 *
 * Generators return files; the pipeline writes them (inside the service folder
 * only). The files must follow the layout of the generator's target
 * (`targets.ts`, `service-layout.ts`) so the build and verify phases can run
 * them. The version must change when the target does.
 */
export interface Generator {
  readonly id: string;
  readonly version: string;
  /** The target whose layout the files follow; `typescript-node` when absent. */
  readonly target?: TargetName;
  /** Same input, same files. A non-deterministic generator is asked again after a failed build. */
  readonly deterministic: boolean;
  generate(input: GenerateInput): Promise<GeneratedFile[]>;
}
