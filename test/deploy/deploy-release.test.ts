import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deployBuild, rollbackRelease, type DeployDeps } from "../../src/deploy/deploy-release.js";
import { createReleaseStore } from "../../src/deploy/release-store.js";
import type { DeployTarget } from "../../src/deploy/types.js";
import { createProcessRunner } from "../../src/verify/create-process-runner.js";
import { fixture } from "../helpers/paths.js";
import { isAlive, waitUntilGone } from "../helpers/process-tracking.js";

const dirs: string[] = [];
const stateDirs: string[] = [];

async function setup(overrides: Partial<DeployTarget> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-deploy-"));
  dirs.push(dir);
  const state = path.join(dir, "target-state");
  stateDirs.push(state);
  const target: DeployTarget = {
    environment: "local",
    command: [process.execPath, fixture("deploy/local-target.mjs"), state, "server.mjs"],
    url: "",
    health: { path: "/health", timeoutSeconds: 1, intervalMs: 50, successes: 2 },
    autoRollback: true,
    env: [],
    timeoutSeconds: 10,
    ...overrides,
  };
  const deps: DeployDeps = { runner: createProcessRunner(), store: createReleaseStore(path.join(dir, "releases")), env: process.env, cwd: dir };
  const build = (kind: "healthy" | "unhealthy", version: string) => ({
    serviceDir: fixture(`deploy/${kind}`),
    service: "notes",
    version,
    ref: `sha-${version}`,
    filesHash: kind,
    exclude: [],
  });
  const deployedPid = async () => Number(await readFile(path.join(state, "pid"), "utf8"));
  const log = async () => (await readFile(path.join(state, "log"), "utf8")).trim().split("\n");
  return { target, deps, build, deployedPid, log };
}

afterEach(async () => {
  // No deployed service outlives its test.
  for (const state of stateDirs.splice(0)) {
    const pid = Number(await readFile(path.join(state, "pid"), "utf8").catch(() => "0"));
    if (pid > 0 && isAlive(pid)) process.kill(-pid, "SIGKILL");
    if (pid > 0) expect(await waitUntilGone(pid)).toBe(true);
  }
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("deploying a build to a command target", () => {
  it("keeps it as a release, runs the command with the release's facts, and reports it healthy", async () => {
    const { target, deps, build, log } = await setup();
    const outcome = await deployBuild(target, build("healthy", "1.0.0"), deps);
    expect(outcome.deployment).toMatchObject({ release: "r1", version: "1.0.0", status: "healthy", detail: "2 healthy answers in a row from /health" });
    expect(outcome.deployment.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(outcome.deployment.healthyAfterMs).toBeGreaterThan(0);
    expect(outcome.rollback).toBeUndefined();
    expect(await log()).toEqual(["r1 rollback=0"]);
    expect(await deps.store.list()).toMatchObject([{ id: "r1", status: "healthy", ref: "sha-1.0.0", url: outcome.deployment.url }]);
    expect((await deps.store.current())?.id).toBe("r1");
    // The release holds the build's files, apart from the service folder.
    expect(readFileSync(path.join(await deps.store.materialize("r1"), "server.mjs"), "utf8")).toBe(readFileSync(fixture("deploy/healthy/server.mjs"), "utf8"));
  });

  it("rolls an unhealthy release back to the last healthy one, which answers healthy again", async () => {
    const { target, deps, build, log, deployedPid } = await setup();
    await deployBuild(target, build("healthy", "1.0.0"), deps);
    const outcome = await deployBuild(target, build("unhealthy", "1.1.0"), deps);
    expect(outcome.deployment).toMatchObject({ release: "r2", status: "unhealthy", healthyAfterMs: null });
    expect(outcome.deployment.detail).toMatch(/^not healthy within 1 s: http:\/\/127\.0\.0\.1:\d+\/health answered 503$/);
    expect(outcome.rollback).toMatchObject({ from: "r2", to: "r1", status: "healthy" });
    expect(outcome.rollback?.recoveredAfterMs).toBeGreaterThan(0);
    expect(await log()).toEqual(["r1 rollback=0", "r2 rollback=0", "r1 rollback=1"]);
    expect((await deps.store.list()).map((r) => [r.id, r.status])).toEqual([
      ["r1", "healthy"],
      ["r2", "unhealthy"],
    ]);
    expect((await deps.store.current())?.id).toBe("r1");
    const response = await fetch(`${(await deps.store.get("r1"))?.url}/health`);
    expect(response.status).toBe(200);
    expect(isAlive(await deployedPid())).toBe(true);
  });

  it("leaves an unhealthy release in place when there is nothing healthy to restore", async () => {
    const { target, deps, build } = await setup();
    const outcome = await deployBuild(target, build("unhealthy", "1.0.0"), deps);
    expect(outcome.rollback).toEqual({ from: "r1", to: "", status: "refused", recoveredAfterMs: null, detail: "no earlier healthy release to restore" });
  });

  it("stops rolling back automatically after three times in a row", async () => {
    const { target, deps, build } = await setup({ health: { path: "/health", timeoutSeconds: 0.3, intervalMs: 50, successes: 1 } });
    await deployBuild(target, build("healthy", "1.0.0"), deps);
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await deployBuild(target, build("unhealthy", `1.0.${i + 1}`), deps)).rollback?.status ?? "none");
    expect(statuses).toEqual(["healthy", "healthy", "healthy", "refused"]);
  });

  it("reports a deploy command that fails, with what it printed", async () => {
    const { target, deps, build } = await setup({ command: [process.execPath, "-e", "console.error('no credentials for the cluster'); process.exit(3)"], autoRollback: false });
    const outcome = await deployBuild(target, build("healthy", "1.0.0"), deps);
    expect(outcome.deployment).toMatchObject({ status: "failed", url: "", detail: "the deploy command exited 3: no credentials for the cluster" });
  });

  it("passes on only the environment variables the target names", async () => {
    const { target, deps, build } = await setup({
      command: [process.execPath, "-e", "console.log(JSON.stringify({ token: process.env.DEPLOY_TOKEN ?? null, other: process.env.GITHUB_TOKEN ?? null })); process.exit(1)"],
      env: ["DEPLOY_TOKEN"],
      autoRollback: false,
    });
    const outcome = await deployBuild(target, build("healthy", "1.0.0"), { ...deps, env: { ...process.env, DEPLOY_TOKEN: "d-1", GITHUB_TOKEN: "ghs_secret" } });
    expect(outcome.deployment.detail).toBe('the deploy command exited 1: {"token":"d-1","other":null}');
  });
});

describe("rolling back on demand", () => {
  it("restores the healthy release before the current one", async () => {
    const { target, deps, build, log } = await setup();
    await deployBuild(target, build("healthy", "1.0.0"), deps);
    await deployBuild(target, build("healthy", "1.1.0"), deps);
    const rollback = await rollbackRelease(target, undefined, deps);
    expect(rollback).toMatchObject({ from: "r2", to: "r1", status: "healthy" });
    expect(await log()).toEqual(["r1 rollback=0", "r2 rollback=0", "r1 rollback=1"]);
  });

  it("restores a named release that ran healthy, and refuses one that never did", async () => {
    const { target, deps, build } = await setup({ autoRollback: false });
    await deployBuild(target, build("healthy", "1.0.0"), deps);
    await deployBuild(target, build("unhealthy", "1.1.0"), deps);
    expect(await rollbackRelease(target, "r2", deps)).toEqual({ from: "r1", to: "r2", status: "refused", recoveredAfterMs: null, detail: "release r2 never ran healthy; only a release that did can be restored" });
    expect(await rollbackRelease(target, "r9", deps)).toMatchObject({ status: "refused", detail: "there is no release r9 (known: r1, r2)" });
    expect(await rollbackRelease(target, "r1", deps)).toMatchObject({ to: "r1", status: "healthy" });
  });
});

describe("the release index", () => {
  it("is reported, not overwritten, when it cannot be read", async () => {
    const { deps } = await setup();
    await writeFile(path.join(deps.store.root, "releases.json"), "{ broken").catch(async () => {
      await (await import("node:fs/promises")).mkdir(deps.store.root, { recursive: true });
      await writeFile(path.join(deps.store.root, "releases.json"), "{ broken");
    });
    await expect(deps.store.list()).rejects.toThrow(/releases\.json cannot be read .*; it was left as it is/);
    expect(await readFile(path.join(deps.store.root, "releases.json"), "utf8")).toBe("{ broken");
  });
});
