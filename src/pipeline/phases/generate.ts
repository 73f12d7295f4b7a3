import { ErrorCode } from "../../core/error-codes.js";
import type { Finding } from "../../core/findings.js";
import { resolveInside, writeServiceFiles } from "../../synth/write-service-files.js";
import { CHECKPOINT_DIR, canResumeGenerate, hashGeneratedFiles, hashServiceFiles } from "../checkpoint.js";
import { generatorTag } from "../generator-tag.js";
import type { Phase } from "../run-context.js";

/** Writes the service's files with the run's generator, asked to fix what went wrong before. */
export const generatePhase: Phase = {
  name: "generate",
  applies: () => true,
  maxAttempts: (run) => run.retry.generateAttempts,
  async resume(run) {
    const filesOnDisk = await hashServiceFiles(run.outDir, run.target.layout);
    if (!canResumeGenerate(run.previous, { specHash: run.checkpoint.specHash, generator: generatorTag(run.generator), filesOnDisk })) return false;
    run.checkpoint.filesHash = filesOnDisk as string;
    run.checkpoint.completed = ["generate"];
    run.emit({ type: "generated", filesHash: run.checkpoint.filesHash });
    return true;
  },
  async attempt(run, attempt) {
    const { layout } = run.target;
    try {
      const files = await run.generator.generate({ spec: run.spec, contract: run.contract, specText: run.specText, attempt, previousFindings: run.previousFindings });
      for (const file of files) resolveInside(run.outDir, file.path);
      const missing = layout.requiredFiles.filter((name) => !files.some((f) => f.path === name));
      if (missing.length > 0) throw new Error(`the generated service lacks ${missing.join(", ")}`);
      run.emit({ type: "progress", phase: "generate", message: `writing ${files.length} files to ${run.outDir}` });
      await writeServiceFiles(run.outDir, files, [...layout.keep, CHECKPOINT_DIR]);
      run.checkpoint.filesHash = hashGeneratedFiles(files);
      // New files: nothing built or verified yet counts for them.
      run.checkpoint.completed = [];
      run.emit({ type: "generated", filesHash: run.checkpoint.filesHash });
      return { ok: true };
    } catch (error) {
      const finding: Finding = { code: ErrorCode.BuildGenerationFailed, severity: "error", message: `generation attempt ${attempt} failed: ${(error as Error).message}`, file: run.specPath };
      return { ok: false, findings: [finding] };
    }
  },
};
