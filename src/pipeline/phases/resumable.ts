import path from "node:path";
import { pathExists } from "../../core/path-exists.js";
import { resumableAfterGenerate } from "../checkpoint.js";
import { generatorTag } from "../generator-tag.js";
import type { RunContext } from "../run-context.js";
import type { PhaseName } from "../types.js";

/** Whether an earlier run built (or verified) exactly the files this run has, so the phase can be taken as done. */
export async function isResumable(run: RunContext, phase: "build" | "verify"): Promise<boolean> {
  const resumable: Set<PhaseName> = resumableAfterGenerate(run.previous, {
    specHash: run.checkpoint.specHash,
    generator: generatorTag(run.generator),
    filesHash: run.checkpoint.filesHash,
    buildOutputExists: await pathExists(path.join(run.outDir, run.target.layout.buildOutput)),
  });
  return resumable.has(phase);
}
