import { ErrorCode } from "../../core/error-codes.js";
import type { Finding } from "../../core/findings.js";
import { deployBuild } from "../../deploy/deploy-release.js";
import { createReleaseStore } from "../../deploy/release-store.js";
import path from "node:path";
import { CHECKPOINT_DIR } from "../checkpoint.js";
import type { Phase, RunContext } from "../run-context.js";

/** Where a service's releases are kept: beside its checkpoint, never part of its files. */
export function releasesDir(outDir: string): string {
  return path.join(outDir, CHECKPOINT_DIR, "releases");
}

/**
 * Keeps the verified build as a release, deploys it with the configured
 * command and checks its health; an unhealthy release is rolled back to the
 * last healthy one when the target says so. Not retried: a failed deploy is
 * for a person (or the automatic rollback) to handle.
 */
export const deployPhase: Phase = {
  name: "deploy",
  applies: (request) => Boolean(request.deploy),
  maxAttempts: () => 1,
  resume: async () => false,
  async attempt(run) {
    const target = run.deployTarget as NonNullable<RunContext["deployTarget"]>;
    let outcome;
    try {
      const ref = run.prepareRelease ? await run.prepareRelease() : run.ref;
      outcome = await deployBuild(
        target,
        { serviceDir: run.outDir, service: run.spec.name, version: run.spec.version, ref, filesHash: run.checkpoint.filesHash, exclude: [CHECKPOINT_DIR] },
        {
          runner: run.deployRunner,
          store: run.releaseStore ?? createReleaseStore(releasesDir(run.outDir)),
          env: run.env,
          cwd: run.cwd,
          now: run.now,
          onProgress: (message) => run.emit({ type: "progress", phase: "deploy", message }),
          onStage: (stage) => run.emit({ type: "deploy-stage", environment: target.environment, ...stage }),
        },
      );
    } catch (error) {
      // The release could not be kept (a broken release index, a full disk): nothing was deployed.
      return { ok: false, findings: [{ code: ErrorCode.DeployFailed, severity: "error", message: `nothing deployed: ${(error as Error).message}`, file: run.specPath }] };
    }
    run.deployment = outcome;
    if (outcome.deployment.status === "healthy") return { ok: true };
    const findings: Finding[] = [
      { code: ErrorCode.DeployFailed, severity: "error", message: `release ${outcome.deployment.release} to ${target.environment}: ${outcome.deployment.detail}`, file: run.specPath },
    ];
    const rollback = outcome.rollback;
    if (rollback && rollback.status !== "healthy") {
      findings.push({ code: ErrorCode.DeployRollbackFailed, severity: "error", message: `rollback to ${rollback.to || "an earlier release"} ${rollback.status}: ${rollback.detail}`, file: run.specPath });
    }
    return { ok: false, findings };
  },
};
