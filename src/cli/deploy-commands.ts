import path from "node:path";
import { readConfigFile } from "../config/read-config-file.js";
import { UsageError } from "../core/usage-error.js";
import { rollbackRelease } from "../deploy/deploy-release.js";
import { createReleaseStore } from "../deploy/release-store.js";
import { toDeployTarget } from "../deploy/to-deploy-target.js";
import { releasesDir } from "../pipeline/phases/deploy.js";
import { analyzeSpecFile } from "../spec/analyze-spec-file.js";
import { createProcessRunner } from "../verify/create-process-runner.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import { EXIT, type CliIo } from "./io.js";
import { runWithProgress, type RunOptions } from "./run-command.js";

/** `specforge deploy`: the run (resumed where it can be) through verify, then deploy; `--json`: `{ deployment, rollback? }`. */
export async function deployCommand(spec: string, options: RunOptions, io: CliIo, runner?: ProcessRunner): Promise<number> {
  const report = await runWithProgress(spec, options, io, runner, true);
  if (report === "interrupted") return EXIT.interrupted;
  const outcome = report.deployment;
  if (!outcome) {
    const failed = report.phases.find((p) => p.status === "failed");
    io.stderr.write(`not deployed: ${failed ? `${failed.name} failed` : "the build was not verified"}\n`);
    if (options.json) io.stdout.write(JSON.stringify({ deployment: null, verified: report.verified }, null, 2) + "\n");
    return EXIT.notVerified;
  }
  const { deployment, rollback } = outcome;
  if (options.json) {
    io.stdout.write(
      JSON.stringify(
        {
          deployment: { release: deployment.release, version: deployment.version, status: deployment.status, url: deployment.url, healthyAfterMs: deployment.healthyAfterMs },
          ...(rollback ? { rollback: { from: rollback.from, to: rollback.to, status: rollback.status, recoveredAfterMs: rollback.recoveredAfterMs } } : {}),
        },
        null,
        2,
      ) + "\n",
    );
  } else {
    io.stdout.write(`release ${deployment.release} (${deployment.version}): ${deployment.status}${deployment.url ? ` at ${deployment.url}` : ""}: ${deployment.detail}\n`);
    if (rollback) io.stdout.write(`rollback ${rollback.from} → ${rollback.to || "none"}: ${rollback.status}${rollback.recoveredAfterMs !== null ? ` in ${rollback.recoveredAfterMs} ms` : ""}: ${rollback.detail}\n`);
  }
  return deployment.status === "healthy" ? EXIT.verified : EXIT.notVerified;
}

/** `specforge rollback`: redeploys an earlier healthy release as it was built, without regenerating. */
export async function rollbackCommand(spec: string, options: { out?: string; config?: string; to?: string; json?: boolean }, io: CliIo, runner: ProcessRunner = createProcessRunner(io.env)): Promise<number> {
  if (!options.config) throw new UsageError("rollback needs the deploy target: give --config with `deploy: { command: [...] }`");
  const target = toDeployTarget((await readConfigFile(options.config, { required: true })).deploy);
  if (!target) throw new UsageError(`${options.config} names no deploy command (\`deploy: { command: [...] }\`)`);
  const store = createReleaseStore(releasesDir(await outDirOf(spec, options.out)));
  try {
    const rollback = await rollbackRelease(target, options.to, { runner, store, env: io.env, cwd: process.cwd(), onProgress: (m) => io.stderr.write(`[rollback] ${m}\n`) });
    if (options.json) io.stdout.write(JSON.stringify({ rollback }, null, 2) + "\n");
    else io.stdout.write(`rollback ${rollback.from || "none"} → ${rollback.to || "none"}: ${rollback.status}${rollback.recoveredAfterMs !== null ? ` in ${rollback.recoveredAfterMs} ms` : ""}: ${rollback.detail}\n`);
    return rollback.status === "healthy" ? EXIT.verified : EXIT.notVerified;
  } finally {
    await runner.stopAll();
  }
}

/** `specforge releases`: the releases kept for a SPEC's service, which one runs now. */
export async function releasesCommand(spec: string, options: { out?: string; json?: boolean }, io: CliIo): Promise<number> {
  const store = createReleaseStore(releasesDir(await outDirOf(spec, options.out)));
  const [releases, current] = [await store.list(), await store.current()];
  if (options.json) {
    io.stdout.write(JSON.stringify({ current: current?.id ?? null, releases }, null, 2) + "\n");
    return EXIT.verified;
  }
  if (releases.length === 0) io.stdout.write("no releases yet: `specforge deploy` makes one\n");
  for (const r of releases) {
    io.stdout.write(`${r.id === current?.id ? "*" : " "} ${r.id}  ${r.version}  ${r.status}  ${r.deployedAt ?? r.createdAt}${r.url ? `  ${r.url}` : ""}${r.ref ? `  ${r.ref.slice(0, 12)}` : ""}\n`);
  }
  return EXIT.verified;
}

/** The service folder of a SPEC, as `run` chooses it: `--out`, or `specforge-out/<service>`. */
async function outDirOf(spec: string, out: string | undefined): Promise<string> {
  if (out) return path.resolve(out);
  const analyzed = await analyzeSpecFile(spec);
  return path.resolve("specforge-out", analyzed.spec.name || "service");
}
