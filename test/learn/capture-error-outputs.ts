// Produces real error outputs by running failing commands (tsc, node, node:test, npm, a server that
// crashes) in a folder of their own, through specforge's own process runner, as the pipeline would.
// The live signature test runs it twice; `npx tsx test/learn/capture-error-outputs.ts` rewrites the
// fixtures in test/fixtures/error-outputs/ and their golden ids.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { computeSignature } from "../../src/learn/compute-signature.js";
import { createProcessRunner } from "../../src/verify/create-process-runner.js";
import type { ProcessRunner } from "../../src/verify/process-runner.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
// A small lib and no lib check keep each compile under half a second.
const tscOptions = ["--noEmit", "--strict", "--skipLibCheck", "--lib", "es5", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler"];
const RUN_TIMEOUT_MS = 30_000;

/** Every scenario, with the error class its output must be recognised as. */
export const ERROR_SCENARIOS = {
  "tsc-type-mismatch": "tsc TS2322",
  "tsc-type-mismatch-pretty": "tsc TS2322",
  "tsc-missing-module": "tsc TS2307",
  "node-missing-module": "node ERR_MODULE_NOT_FOUND",
  "node-test-assertion": "node:test assertion",
  "node-test-assertion-spec-reporter": "node:test assertion",
  "node-test-timeout": "node:test timeout",
  "server-address-in-use": "node EADDRINUSE",
  "fetch-connection-refused": "node ECONNREFUSED",
  "npm-ci-lockfile-out-of-sync": "npm EUSAGE",
  "npm-usage-error": "npm EUSAGE",
  "service-crash": "service crash",
} as const;

export type ErrorScenario = keyof typeof ERROR_SCENARIOS;
export type CapturedOutputs = Record<ErrorScenario, string>;

const FILES: Record<string, string> = {
  "bad.ts": 'const count: number = "three";\nexport { count };\n',
  "imports-missing.ts": 'import { helper } from "./lib/helper.js";\nexport const value = helper();\n',
  "main.mjs": 'import { helper } from "./lib/helper.js";\nhelper();\n',
  "sum.test.mjs": 'import { test } from "node:test";\nimport assert from "node:assert/strict";\ntest("adds two numbers", () => {\n  assert.equal(1 + 1, 3);\n});\n',
  "slow.test.mjs":
    'import { test } from "node:test";\ntest("answers within the deadline", { timeout: 50 }, async () => {\n  await new Promise((resolve) => setTimeout(resolve, 400));\n});\n',
  "server.mjs": 'import { createServer } from "node:http";\ncreateServer((req, res) => res.end("ok")).listen(Number(process.argv[2]));\n',
  "fetch.mjs": "await fetch(`http://127.0.0.1:${process.argv[2]}/health`);\n",
  "crash.mjs": [
    'import { createServer } from "node:http";',
    "const server = createServer((req, res) => {",
    '  const body = JSON.parse("{}");',
    "  res.end(body.user.name);",
    "});",
    "server.listen(0, () => console.log(`listening on ${server.address().port} at ${new Date().toISOString()}`));",
    "",
  ].join("\n"),
  "npm-ci/package.json": '{ "name": "sync-check", "version": "1.0.0", "dependencies": { "left-pad": "1.3.0" } }\n',
  "npm-ci/package-lock.json":
    '{ "name": "sync-check", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": { "": { "name": "sync-check", "version": "1.0.0" } } }\n',
};

/** Runs every scenario in `dir` (created if needed), all at once; resolves to each one's output. */
export async function captureErrorOutputs(dir: string): Promise<CapturedOutputs> {
  await mkdir(path.join(dir, "npm-ci"), { recursive: true });
  await Promise.all(Object.entries(FILES).map(([name, content]) => writeFile(path.join(dir, name), content)));
  const runner = createProcessRunner();
  const run = async (file: string, args: string[], cwd = dir) => (await runner.run(file, args, { cwd, timeoutMs: RUN_TIMEOUT_MS })).output;
  const node = (...args: string[]) => run(process.execPath, args);
  try {
    const entries = await Promise.all(
      Object.entries({
        "tsc-type-mismatch": () => node(tsc, ...tscOptions, "bad.ts"),
        "tsc-type-mismatch-pretty": () => node(tsc, ...tscOptions, "--pretty", "bad.ts"),
        "tsc-missing-module": () => node(tsc, ...tscOptions, "imports-missing.ts"),
        "node-missing-module": () => node("main.mjs"),
        "node-test-assertion": () => node("--test", "--test-reporter=tap", "sum.test.mjs"),
        "node-test-assertion-spec-reporter": () => node("--test", "--test-reporter=spec", "sum.test.mjs"),
        "node-test-timeout": () => node("--test", "--test-reporter=tap", "slow.test.mjs"),
        "server-address-in-use": () => withPortInUse((port) => node("server.mjs", String(port))),
        "fetch-connection-refused": async () => node("fetch.mjs", String(await closedPort())),
        "npm-ci-lockfile-out-of-sync": () => run("npm", ["ci", "--offline", "--no-audit", "--no-fund"], path.join(dir, "npm-ci")),
        "npm-usage-error": () => run("npm", ["access", "frobnicate"]),
        "service-crash": () => crashService(runner, dir),
      } satisfies Record<ErrorScenario, () => Promise<string>>).map(async ([name, capture]) => [name, await capture()] as const),
    );
    return Object.fromEntries(entries) as CapturedOutputs;
  } finally {
    await runner.stopAll();
  }
}

/** Starts a service that crashes on its first request, sends it one, and returns what it printed. */
async function crashService(runner: ProcessRunner, dir: string): Promise<string> {
  const service = runner.start(process.execPath, ["crash.mjs"], { cwd: dir });
  const port = await waitFor(() => /listening on (\d+)/.exec(service.output())?.[1], 10_000);
  await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
  await service.exited;
  return service.output();
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("the service did not start in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function withPortInUse<T>(use: (port: number) => Promise<T>): Promise<T> {
  const holder = await listen();
  try {
    return await use(portOf(holder));
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
}

/** A port nothing listens on (one the system just handed out and took back). */
async function closedPort(): Promise<number> {
  const server = await listen();
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function listen(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("not a TCP server");
  return address.port;
}

/** The golden file: each fixture's expected class, id and normalised text. */
export interface GoldenSignature {
  class: string;
  id: string;
  normalized: string;
}

async function writeFixtures(fixtureDir: string): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "specforge-error-outputs-"));
  const outputs = await captureErrorOutputs(scratch).finally(() => rm(scratch, { recursive: true, force: true }));
  await mkdir(fixtureDir, { recursive: true });
  const golden: Record<string, GoldenSignature> = {};
  for (const name of Object.keys(ERROR_SCENARIOS).sort() as ErrorScenario[]) {
    await writeFile(path.join(fixtureDir, `${name}.txt`), outputs[name]);
    const signature = computeSignature({ text: outputs[name] });
    golden[name] = { class: signature.class, id: signature.id, normalized: signature.normalized };
  }
  await writeFile(path.join(fixtureDir, "golden.json"), JSON.stringify(golden, null, 2) + "\n");
  console.log(`wrote ${Object.keys(golden).length} outputs and golden.json to ${fixtureDir}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFixtures(path.join(repoRoot, "test/fixtures/error-outputs"));
}
