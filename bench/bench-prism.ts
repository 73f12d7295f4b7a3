import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import getPort from "get-port";
import { runPipeline } from "../src/pipeline/run-pipeline.js";
import { analyzeSpecFile } from "../src/spec/analyze-spec-file.js";
import { toContract, type Contract } from "../src/spec/to-contract.js";
import { toOpenApiText } from "../src/spec/to-openapi.js";
import { createTemplateGenerator } from "../src/synth/template-generator.js";
import { createProcessRunner } from "../src/verify/create-process-runner.js";
import { createInstallCache } from "../src/verify/install-cache.js";
import { detectSandbox } from "../src/verify/process-sandbox.js";
import { median } from "./stats.js";

/**
 * The full verified run of a SPEC (analyze, generate, install from a warm
 * cache, compile, the service's own tests, start, probe every endpoint) next
 * to Stoplight Prism serving the same API as a stateless mock, from its start
 * until every endpoint answers. Prism is given the SPEC's contract as an
 * OpenAPI 3.1 document `specforge contract` writes (`toOpenApiText`), as a
 * team would hand it to a mock server.
 */
export async function benchPrism(specPath: string, runs = 5): Promise<string[]> {
  const analysis = await analyzeSpecFile(specPath);
  const contract = toContract(analysis.spec);
  const work = await mkdtemp(path.join(os.tmpdir(), "specforge-bench-prism-"));
  try {
    const document = path.join(work, "openapi.json");
    await writeFile(document, toOpenApiText(contract, analysis.spec));
    const prism: number[] = [];
    for (let i = 0; i < runs; i++) prism.push(await timePrism(document, contract));

    const installCache = createInstallCache(path.join(work, "cache"));
    const generator = await createTemplateGenerator();
    const runner = createProcessRunner(process.env, { sandbox: await detectSandbox() });
    const specforge: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      const report = await runPipeline({ specPath, outDir: path.join(work, `svc-${i}`) }, { runner, generator, installCache });
      if (!report.verified) throw new Error(`bench run was not verified: ${report.findings.map((f) => f.message).join("; ")}`);
      // The first run fills the install cache: not counted.
      if (i > 0) specforge.push(performance.now() - started);
    }
    const served = contract.endpoints.filter((e) => e.method !== "WS").length;
    const ours = median(specforge);
    const theirs = median(prism);
    return [
      `specforge vs Prism (${path.basename(path.dirname(specPath))}, median of ${runs}):`,
      `  specforge full verified run (template generator, warm install cache): ${Math.round(ours)} ms (min ${Math.round(Math.min(...specforge))})`,
      `  Prism ${prismVersion()} mock, start until all ${served} endpoints answer: ${Math.round(theirs)} ms (min ${Math.round(Math.min(...prism))})`,
      `  ratio specforge / Prism: ${(ours / theirs).toFixed(2)}`,
    ];
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const require = createRequire(import.meta.url);

function prismVersion(): string {
  return (require("@stoplight/prism-cli/package.json") as { version: string }).version;
}

/** Starts Prism on the document and times it until every endpoint answers 2xx; then stops it. */
async function timePrism(document: string, contract: Contract): Promise<number> {
  const port = await getPort({ host: "127.0.0.1" });
  const bin = path.join(path.dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist/index.js");
  const started = performance.now();
  const child = spawn(process.execPath, [bin, "mock", "-h", "127.0.0.1", "-p", String(port), document], { stdio: "ignore", detached: true });
  try {
    const pending = contract.endpoints.filter((e) => e.method !== "WS");
    const deadline = Date.now() + 60_000;
    while (pending.length > 0) {
      if (Date.now() > deadline) throw new Error(`Prism did not answer ${pending.map((e) => e.key).join(", ")} within 60 s`);
      const results = await Promise.all(pending.map((e) => answers(`http://127.0.0.1:${port}`, e)));
      for (let i = results.length - 1; i >= 0; i--) if (results[i]) pending.splice(i, 1);
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 25));
    }
    return performance.now() - started;
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  }
}

async function answers(base: string, endpoint: Contract["endpoints"][number]): Promise<boolean> {
  const method = endpoint.method === "ANY" ? "GET" : endpoint.method;
  const url = base + endpoint.path.replace(/\{(\w+)(:path)?\}/g, "example");
  try {
    const res = await fetch(url, {
      method,
      ...(endpoint.request !== undefined && method !== "GET" && method !== "HEAD" ? { body: JSON.stringify(endpoint.request), headers: { "content-type": "application/json" } } : {}),
      signal: AbortSignal.timeout(2_000),
    });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
