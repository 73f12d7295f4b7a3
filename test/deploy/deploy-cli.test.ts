import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { memoryIo } from "../helpers/cli-io.js";
import { example, fixture } from "../helpers/paths.js";
import { isAlive, waitUntilGone } from "../helpers/process-tracking.js";

interface DeployJson {
  deployment: { release: string; version: string; status: string; url: string; healthyAfterMs: number | null };
  rollback?: { from: string; to: string; status: string; recoveredAfterMs: number | null };
}

/** A folder with a copy of the url-shortener SPEC (its version settable) and a config whose deploy command starts it locally. */
async function workspace(extraArgs: string[] = []) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-deploy-cli-"));
  const state = path.join(dir, "target");
  const spec = path.join(dir, "SPEC.md");
  const config = path.join(dir, "specforge.yml");
  const command = [process.execPath, fixture("deploy/local-target.mjs"), state, ...extraArgs];
  await writeFile(config, `deploy:\n  environment: local\n  command: ${JSON.stringify(command)}\n  health: { path: /health, timeout_seconds: 2, interval_ms: 50, successes: 2 }\n`);
  const text = readFileSync(example("url-shortener"), "utf8");
  const setVersion = (version: string) => writeFile(spec, text.replace("**Version:** 0.2.0", `**Version:** ${version}`));
  await setVersion("1.0.0");
  const cli = async (...argv: string[]) => {
    const io = memoryIo();
    const [command = "", ...rest] = argv;
    const withConfig = command === "releases" ? [] : ["--config", config];
    const code = await runCli([command, spec, ...withConfig, "--out", path.join(dir, "svc"), ...rest], io);
    return { code, out: io.out(), err: io.err() };
  };
  const deployedPid = async () => Number(await readFile(path.join(state, "pid"), "utf8"));
  /** Stops the deployed service (no process is left behind) and removes the folder. */
  const tearDown = async () => {
    const pid = await deployedPid();
    if (isAlive(pid)) process.kill(-pid, "SIGTERM");
    expect(await waitUntilGone(pid)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  };
  return { dir, setVersion, cli, deployedPid, tearDown };
}

describe("specforge deploy and rollback on a local command target", () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  const deploys: DeployJson[] = [];
  let rolledBack: { code: number; rollback: { from: string; to: string; status: string } };

  beforeAll(async () => {
    ws = await workspace();
    for (const version of ["1.0.0", "1.0.1"]) {
      await ws.setVersion(version);
      const { code, out } = await ws.cli("deploy", "--json");
      expect(code).toBe(0);
      deploys.push(JSON.parse(out) as DeployJson);
    }
    const { code, out } = await ws.cli("rollback", "--json");
    rolledBack = { code, rollback: (JSON.parse(out) as { rollback: typeof rolledBack.rollback }).rollback };
  }, 180_000);

  afterAll(() => ws.tearDown());

  it("deploys a verified build as a healthy release that answers at its URL", async () => {
    expect(deploys.map((d) => [d.deployment.release, d.deployment.version, d.deployment.status])).toEqual([
      ["r1", "1.0.0", "healthy"],
      ["r2", "1.0.1", "healthy"],
    ]);
    expect(deploys[1]?.deployment.healthyAfterMs).toBeGreaterThan(0);
    expect(deploys[1]?.rollback).toBeUndefined();
  });

  it("rolls back to the release before the current one, which answers healthy", async () => {
    expect(rolledBack).toEqual({ code: 0, rollback: expect.objectContaining({ from: "r2", to: "r1", status: "healthy" }) });
    const { out } = await ws.cli("releases", "--json");
    const listed = JSON.parse(out) as { current: string; releases: Array<{ id: string; version: string; status: string; url: string }> };
    expect(listed.current).toBe("r1");
    const response = await fetch(`${listed.releases[0]?.url}/health`);
    expect([response.status, ((await response.json()) as { version: string }).version]).toEqual([200, "1.0.0"]);
  });

  it("leaves exactly one deployed service running, and nothing of the build", async () => {
    expect(isAlive(await ws.deployedPid())).toBe(true);
  });
});

describe("specforge deploy of a release that is unhealthy", () => {
  let ws: Awaited<ReturnType<typeof workspace>>;
  let second: { code: number; report: DeployJson };

  beforeAll(async () => {
    ws = await workspace(["dist/src/server.js", "--unhealthy-version", "2.0.0"]);
    await ws.setVersion("1.9.0");
    expect((await ws.cli("deploy", "--json")).code).toBe(0);
    await ws.setVersion("2.0.0");
    const { code, out } = await ws.cli("deploy", "--json");
    second = { code, report: JSON.parse(out) as DeployJson };
  }, 180_000);

  afterAll(() => ws.tearDown());

  it("fails, and is rolled back automatically to the previous release", () => {
    expect(second.code).toBe(1);
    expect(second.report.deployment).toMatchObject({ release: "r2", version: "2.0.0", status: "unhealthy", healthyAfterMs: null });
    expect(second.report.rollback).toMatchObject({ from: "r2", to: "r1", status: "healthy" });
    expect(second.report.rollback?.recoveredAfterMs).toBeGreaterThan(0);
  });

  it("leaves the restored release answering healthy", async () => {
    const { out } = await ws.cli("releases", "--json");
    const listed = JSON.parse(out) as { current: string; releases: Array<{ id: string; status: string; url: string }> };
    expect(listed.releases.map((r) => [r.id, r.status])).toEqual([
      ["r1", "healthy"],
      ["r2", "unhealthy"],
    ]);
    expect(listed.current).toBe("r1");
    expect((await fetch(`${listed.releases[0]?.url}/health`)).status).toBe(200);
  });
});

describe("specforge deploy without a deploy target", () => {
  it("is a usage error that says what to configure", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-deploy-cli-"));
    await writeFile(path.join(dir, "specforge.yml"), "retries: { build: 1 }\n");
    const io = memoryIo();
    expect(await runCli(["deploy", example("url-shortener"), "--config", path.join(dir, "specforge.yml"), "--out", path.join(dir, "svc")], io)).toBe(2);
    expect(io.err()).toBe("specforge: nothing to deploy to: give --config with `deploy: { command: [program, ...args] }`\n");
  });
});
