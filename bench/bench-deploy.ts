// Time from a failed health check to the restored release answering healthy, on a local command
// target (the deploy command the tests use). Prints; asserts nothing.
import { readFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deployBuild } from "../src/deploy/deploy-release.js";
import { createReleaseStore } from "../src/deploy/release-store.js";
import type { DeployTarget } from "../src/deploy/types.js";
import { createProcessRunner } from "../src/verify/create-process-runner.js";
import { median } from "./stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = path.join(root, "test/fixtures/deploy");

export async function benchDeploy(runs = 3): Promise<string[]> {
  const recovered: number[] = [];
  const detected: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-bench-deploy-"));
    const state = path.join(dir, "target");
    // The seed allows 5 s to detect an unhealthy service and 30 s to recover; these settings detect in about 1 s.
    const target: DeployTarget = {
      environment: "local",
      command: [process.execPath, path.join(fixtures, "local-target.mjs"), state, "server.mjs"],
      url: "",
      health: { path: "/health", timeoutSeconds: 1, intervalMs: 100, successes: 3 },
      autoRollback: true,
      env: [],
      timeoutSeconds: 30,
    };
    const deps = { runner: createProcessRunner(), store: createReleaseStore(path.join(dir, "releases")), env: process.env, cwd: dir };
    const build = (kind: string, version: string) => ({ serviceDir: path.join(fixtures, kind), service: "bench", version, ref: "", filesHash: kind, exclude: [] });
    try {
      await deployBuild(target, build("healthy", "1.0.0"), deps);
      const started = Date.now();
      const outcome = await deployBuild(target, build("unhealthy", "1.0.1"), deps);
      if (outcome.rollback?.status !== "healthy" || outcome.rollback.recoveredAfterMs === null) throw new Error(`the rollback did not recover: ${JSON.stringify(outcome)}`);
      recovered.push(outcome.rollback.recoveredAfterMs);
      detected.push(Date.now() - started - outcome.rollback.recoveredAfterMs);
    } finally {
      const pid = Number(await readFile(path.join(state, "pid"), "utf8").catch(() => "0"));
      if (pid > 0) process.kill(-pid, "SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  }
  return [
    `deploy: failed health check → restored release healthy (${runs} runs, 3 healthy answers 100 ms apart): median ${Math.round(median(recovered))} ms (aim < 3000 ms); deploy of the unhealthy release until its health check failed: median ${Math.round(median(detected))} ms`,
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const line of await benchDeploy()) console.log(line);
}
