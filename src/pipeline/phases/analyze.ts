import path from "node:path";
import { hasErrors, type Finding } from "../../core/findings.js";
import { analyzeSpecFile } from "../../spec/analyze-spec-file.js";
import { toContract, type Contract } from "../../spec/to-contract.js";
import type { ServiceSpec } from "../../spec/types.js";
import { checkSpecStack } from "../../synth/check-spec-stack.js";
import type { Target } from "../../synth/targets.js";

export interface Analysis {
  spec: ServiceSpec;
  text: string;
  /** Null when the SPEC has errors: nothing after analysis can run. */
  contract: Contract | null;
  findings: Finding[];
}

/**
 * Reads and lints the SPEC, and derives the contract every later phase works
 * from. Analysis is never retried: the same text gives the same findings.
 */
export async function analyze(specPath: string, cwd: string, target: Target): Promise<Analysis> {
  const analyzed = await analyzeSpecFile(path.resolve(cwd, specPath), specPath);
  if (hasErrors(analyzed.findings)) return { spec: analyzed.spec, text: analyzed.text, contract: null, findings: analyzed.findings };
  return {
    spec: analyzed.spec,
    text: analyzed.text,
    contract: toContract(analyzed.spec),
    findings: [...analyzed.findings, ...checkSpecStack(analyzed.text, target.name, specPath)],
  };
}
