import { describe, expect, it } from "vitest";
import { createProcessRunner, safeEnv } from "../../src/verify/create-process-runner.js";
import { detectSandbox } from "../../src/verify/process-sandbox.js";
import { waitUntilGone } from "../helpers/process-tracking.js";

/** What a GitHub-hosted runner gives the Action's process, secrets included (all fake). */
const RUNNER_ENV = {
  PATH: "/usr/bin:/bin",
  HOME: "/home/runner",
  LANG: "C.UTF-8",
  TMPDIR: "/tmp",
  HTTPS_PROXY: "http://proxy.internal:3128",
  GITHUB_TOKEN: "ghs_fakeGithubToken",
  "INPUT_GITHUB-TOKEN": "ghs_fakeInputToken",
  "INPUT_ANTHROPIC-API-KEY": "sk-ant-fakeInputKey",
  ANTHROPIC_API_KEY: "sk-ant-fakeKey",
  ACTIONS_RUNTIME_TOKEN: "eyJfakeRuntimeToken",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "eyJfakeIdToken",
  ACTIONS_CACHE_URL: "https://artifactcache.actions.githubusercontent.com/x/",
  RUNNER_TEMP: "/home/runner/work/_temp",
  RUNNER_TOOL_CACHE: "/opt/hostedtoolcache",
  GITHUB_WORKSPACE: "/home/runner/work/repo/repo",
  GITHUB_ENV: "/home/runner/work/_temp/_runner_file_commands/set_env_x",
  npm_config_registry: "https://registry.npmjs.org/",
  npm_config_cafile: "/etc/ssl/corp.pem",
  "npm_config_//registry.npmjs.org/:_authToken": "npm_fakeToken",
  npm_config__auth: "ZmFrZTpmYWtl",
  npm_config_password: "fake",
  npm_config_key: "-----BEGIN PRIVATE KEY-----fake",
  npm_config_cert: "-----BEGIN CERTIFICATE-----fake",
  NODE_AUTH_TOKEN: "npm_fakeNodeAuthToken",
  NODE_OPTIONS: "--require /tmp/x.js",
};

describe("the environment a child gets", () => {
  it("is what tools need, and nothing of the runner, its inputs or any credential", () => {
    expect(safeEnv(RUNNER_ENV, { PORT: "8080" })).toEqual({
      PATH: "/usr/bin:/bin",
      HOME: "/home/runner",
      LANG: "C.UTF-8",
      TMPDIR: "/tmp",
      HTTPS_PROXY: "http://proxy.internal:3128",
      npm_config_registry: "https://registry.npmjs.org/",
      npm_config_cafile: "/etc/ssl/corp.pem",
      PORT: "8080",
    });
  });
});

describe("a child in the sandbox", async () => {
  const sandbox = await detectSandbox();

  it.skipIf(!sandbox)("sees no process but its own, so no other process's environment", async () => {
    const runner = createProcessRunner(RUNNER_ENV, { sandbox });
    const listed = await runner.run(process.execPath, ["-e", "console.log(require('fs').readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).join(' '))"], { cwd: process.cwd(), timeoutMs: 10_000 });
    expect([listed.exitCode, listed.output.trim()]).toEqual([0, "1"]);
  });

  it.skipIf(!sandbox)("keeps its exit code, and is stopped at once with what it started", async () => {
    const runner = createProcessRunner(RUNNER_ENV, { sandbox });
    expect((await runner.run(process.execPath, ["-e", "process.exit(3)"], { cwd: process.cwd(), timeoutMs: 10_000 })).exitCode).toBe(3);
    const service = runner.start(process.execPath, ["-e", "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }); setInterval(() => {}, 1000)"], { cwd: process.cwd() });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await service.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await waitUntilGone(service.pid)).toBe(true);
  });
});
