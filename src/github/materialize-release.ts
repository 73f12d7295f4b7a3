import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ServiceLayout } from "../synth/service-layout.js";
import { buildService } from "../verify/build-service.js";
import type { InstallCache } from "../verify/install-cache.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import { scratchRepository, type GitAccess } from "./git-access.js";

export interface MaterializeInput {
  /** How to reach `origin`, read from the checkout before generated code ran. */
  access: GitAccess;
  /** The release's commit on `specforge/<service>`. */
  ref: string;
  /** The service folder, relative to the repository. */
  serviceRelPath: string;
  layout: ServiceLayout;
  runner: ProcessRunner;
  installCache?: InstallCache;
  specFile: string;
}

/**
 * An earlier release, ready to deploy again: its commit's service folder,
 * exactly as it was committed (nothing regenerated), installed and compiled
 * as its layout says. The commit is fetched by its id: the service's branch
 * has moved on since, but GitHub keeps the commit its Deployment names.
 */
export async function materializeRelease(input: MaterializeInput): Promise<string> {
  const scratch = await scratchRepository(input.access, [input.ref]);
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-release-"));
  try {
    if (!scratch.fetched[0]) throw new Error(`origin does not have the release's commit ${input.ref.slice(0, 12)}`);
    await scratch.git.raw(["checkout", "--quiet", "--detach", input.ref]);
    await cp(path.join(scratch.dir, input.serviceRelPath), dir, { recursive: true });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(scratch.dir, { recursive: true, force: true });
  }
  const built = await buildService({ serviceDir: dir, runner: input.runner, specFile: input.specFile, layout: input.layout, ...(input.installCache ? { installCache: input.installCache } : {}) });
  if (!built.ok) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`release ${input.ref.slice(0, 12)} does not build any more: ${built.findings[0]?.message ?? "unknown failure"}`);
  }
  return dir;
}
