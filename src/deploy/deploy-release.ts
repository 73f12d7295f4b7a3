import type { ProcessRunner } from "../verify/process-runner.js";
import { pollHealth } from "./poll-health.js";
import { lastHealthy, type ReleaseStore } from "./release-store.js";
import type { DeployOutcome, DeployStage, DeployTarget, Release } from "./types.js";

/** The seed's limit: after three automatic rollbacks in a row, a person decides. */
export const MAX_AUTO_ROLLBACKS_IN_A_ROW = 3;

export interface DeployDeps {
  runner: ProcessRunner;
  store: ReleaseStore;
  /** The caller's environment: only the variables `target.env` names are passed on. */
  env: NodeJS.ProcessEnv;
  /** Where the deploy command runs (the repository, or the CLI's working folder). */
  cwd: string;
  now?: () => number;
  fetchImpl?: typeof fetch;
  onProgress?: (message: string) => void;
  /** Each release deployed (or deployed again to restore it), when it starts and how it ends. */
  onStage?: (stage: DeployStage) => void;
}

export interface BuildToDeploy {
  serviceDir: string;
  service: string;
  version: string;
  ref: string;
  filesHash: string;
  /** Entries of the service folder that are not part of the build (local state). */
  exclude: readonly string[];
}

interface TargetRun {
  ok: boolean;
  url: string;
  detail: string;
  /** When the health checks ended (healthy or not). */
  endedAt: number;
  healthyAfterMs: number | null;
}

/**
 * Keeps the verified build as a new release, deploys it with the target's
 * command and polls its health. When it stays unhealthy and the target rolls
 * back automatically, the last healthy release is deployed again (at most
 * three times in a row) and checked the same way.
 */
export async function deployBuild(target: DeployTarget, build: BuildToDeploy, deps: DeployDeps): Promise<DeployOutcome> {
  const now = deps.now ?? Date.now;
  const release = await deps.store.create(build.serviceDir, { service: build.service, version: build.version, ref: build.ref, filesHash: build.filesHash }, build.exclude);
  deps.onProgress?.(`release ${release.id}: deploying to ${target.environment}`);
  const run = await runTarget(target, release, false, deps);
  if (run.ok) {
    await deps.store.update(release.id, { status: "healthy", deployedAt: new Date(now()).toISOString(), url: run.url });
    await deps.store.setCurrent(release.id);
    await deps.store.setAutoRollbacksInARow(0);
    return { deployment: { release: release.id, version: release.version, status: "healthy", url: run.url, healthyAfterMs: run.healthyAfterMs, detail: run.detail } };
  }
  await deps.store.update(release.id, { status: "unhealthy", deployedAt: new Date(now()).toISOString(), ...(run.url ? { url: run.url } : {}) });
  const deployment = { release: release.id, version: release.version, status: run.url ? ("unhealthy" as const) : ("failed" as const), url: run.url, healthyAfterMs: null, detail: run.detail };
  if (!target.autoRollback) return { deployment };

  const inARow = await deps.store.autoRollbacksInARow();
  const restore = lastHealthy(await deps.store.list(), release.id);
  if (inARow >= MAX_AUTO_ROLLBACKS_IN_A_ROW || !restore) {
    const detail = restore ? `${inARow} automatic rollbacks in a row already: a person decides (\`specforge rollback\` or /rollback)` : "no earlier healthy release to restore";
    return { deployment, rollback: { from: release.id, to: restore?.id ?? "", status: "refused", recoveredAfterMs: null, detail } };
  }
  deps.onProgress?.(`release ${release.id} is unhealthy (${run.detail}); rolling back to ${restore.id}`);
  const restored = await runTarget(target, restore, true, deps);
  await deps.store.setAutoRollbacksInARow(inARow + 1);
  if (restored.ok) {
    await deps.store.update(restore.id, { deployedAt: new Date(now()).toISOString(), url: restored.url });
    await deps.store.setCurrent(restore.id);
  }
  return {
    deployment,
    rollback: {
      from: release.id,
      to: restore.id,
      status: restored.ok ? "healthy" : restored.url ? "unhealthy" : "failed",
      // From the failed health check to the restored release answering healthy.
      recoveredAfterMs: restored.ok ? restored.endedAt - run.endedAt : null,
      detail: restored.detail,
    },
  };
}

/**
 * Deploys an earlier release again, as it was: `to`, or the healthy release
 * before the current one. Refused, with the reason, when there is none or
 * when `to` never ran healthy.
 */
export async function rollbackRelease(target: DeployTarget, to: string | undefined, deps: DeployDeps): Promise<NonNullable<DeployOutcome["rollback"]>> {
  const releases = await deps.store.list();
  const current = await deps.store.current();
  const from = current?.id ?? "";
  const chosen = chooseRestore(releases, from, to);
  if ("refused" in chosen) return { from, to: to ?? "", status: "refused", recoveredAfterMs: null, detail: chosen.refused };
  const restore = chosen.release;
  const started = (deps.now ?? Date.now)();
  const run = await runTarget(target, restore, true, deps);
  if (run.ok) {
    await deps.store.update(restore.id, { deployedAt: new Date((deps.now ?? Date.now)()).toISOString(), url: run.url });
    await deps.store.setCurrent(restore.id);
  }
  return { from, to: restore.id, status: run.ok ? "healthy" : run.url ? "unhealthy" : "failed", recoveredAfterMs: run.ok ? run.endedAt - started : null, detail: run.detail };
}

/**
 * Which release a rollback restores: `to` (a release id, or the start of a
 * commit for releases named by their commit) if it ran healthy, else the
 * newest healthy release other than the current one. Pure.
 */
export function chooseRestore(releases: Release[], current: string, to: string | undefined): { release: Release } | { refused: string } {
  if (to) {
    const named = releases.filter((r) => r.id === to || (to.length >= 7 && r.ref.startsWith(to)));
    const release = named.find((r) => r.status === "healthy") ?? named[0];
    if (!release) return { refused: `there is no release ${to} (known: ${releases.map((r) => r.id).join(", ") || "none"})` };
    if (release.status !== "healthy") return { refused: `release ${to} never ran healthy; only a release that did can be restored` };
    return { release };
  }
  const release = lastHealthy(releases, current);
  return release ? { release } : { refused: "there is no earlier healthy release to roll back to" };
}

/** Runs the target's command for a release, then polls its health; says each stage. */
async function runTarget(target: DeployTarget, release: Release, rollback: boolean, deps: DeployDeps): Promise<TargetRun> {
  deps.onStage?.({ stage: "started", release, rollback, url: "", detail: "" });
  const run = await deployOnce(target, release, rollback, deps);
  deps.onStage?.({ stage: run.ok ? "healthy" : run.url ? "unhealthy" : "failed", release, rollback, url: run.url, detail: run.detail });
  return run;
}

async function deployOnce(target: DeployTarget, release: Release, rollback: boolean, deps: DeployDeps): Promise<TargetRun> {
  const now = deps.now ?? Date.now;
  const [file, ...args] = target.command;
  const passed = Object.fromEntries(target.env.flatMap((name) => (deps.env[name] !== undefined ? [[name, deps.env[name] as string]] : [])));
  const started = now();
  let serviceDir: string;
  try {
    serviceDir = await deps.store.materialize(release.id);
  } catch (error) {
    return { ok: false, url: "", detail: `release ${release.id} could not be made ready: ${(error as Error).message}`, endedAt: now(), healthyAfterMs: null };
  }
  const result = await deps.runner.run(file as string, args, {
    cwd: deps.cwd,
    timeoutMs: target.timeoutSeconds * 1000,
    env: {
      ...passed,
      SPECFORGE_SERVICE_DIR: serviceDir,
      SPECFORGE_SERVICE: release.service,
      SPECFORGE_VERSION: release.version,
      SPECFORGE_RELEASE: release.id,
      SPECFORGE_REF: release.ref,
      SPECFORGE_ENVIRONMENT: target.environment,
      SPECFORGE_ROLLBACK: rollback ? "1" : "0",
    },
  });
  const lastLine = result.output.trim().split("\n").at(-1)?.trim() ?? "";
  const url = /^https?:\/\/\S+$/.test(lastLine) ? lastLine : target.url;
  if (result.timedOut || result.exitCode !== 0) {
    const why = result.timedOut ? `did not finish within ${target.timeoutSeconds} s` : `exited ${result.exitCode}`;
    return { ok: false, url: "", detail: `the deploy command ${why}: ${tail(result.output)}`, endedAt: now(), healthyAfterMs: null };
  }
  if (!url) return { ok: false, url: "", detail: "the deploy command printed no URL as its last line and deploy.url is not set", endedAt: now(), healthyAfterMs: null };
  deps.onProgress?.(`release ${release.id} at ${url}: checking ${target.health.path}`);
  const health = await pollHealth(url, target.health, { now, ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}) });
  const endedAt = now();
  return health.healthy
    ? { ok: true, url, detail: `${target.health.successes} healthy answers in a row from ${target.health.path}`, endedAt, healthyAfterMs: endedAt - started }
    : { ok: false, url, detail: `not healthy within ${target.health.timeoutSeconds} s: ${health.lastProblem}`, endedAt, healthyAfterMs: null };
}

function tail(output: string): string {
  return output.trim().split("\n").slice(-4).join(" | ").slice(0, 800) || "no output";
}
