import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";
import type { ServiceLayout } from "../synth/service-layout.js";
import { buildService } from "../verify/build-service.js";
import type { InstallCache } from "../verify/install-cache.js";
import type { ProcessRunner } from "../verify/process-runner.js";

export interface MaterializeInput {
  /** The checked-out repository, whose `origin` has the release's commit. */
  workspace: string;
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
  const git = simpleGit(input.workspace);
  await git.raw(["fetch", "--quiet", "--no-tags", "--depth=1", "origin", input.ref]);
  const worktree = await mkdtemp(path.join(os.tmpdir(), "specforge-release-src-"));
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-release-"));
  try {
    await git.raw(["worktree", "add", "--detach", "--force", worktree, input.ref]);
    await cp(path.join(worktree, input.serviceRelPath), dir, { recursive: true });
  } finally {
    await git.raw(["worktree", "remove", "--force", worktree]).catch(() => undefined);
    await rm(worktree, { recursive: true, force: true });
  }
  const built = await buildService({ serviceDir: dir, runner: input.runner, specFile: input.specFile, layout: input.layout, ...(input.installCache ? { installCache: input.installCache } : {}) });
  if (!built.ok) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`release ${input.ref.slice(0, 12)} does not build any more: ${built.findings[0]?.message ?? "unknown failure"}`);
  }
  return dir;
}
