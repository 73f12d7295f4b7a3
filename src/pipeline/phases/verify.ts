import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ErrorCode } from "../../core/error-codes.js";
import type { Finding } from "../../core/findings.js";
import { computeFindingSignature } from "../../learn/compute-signature.js";
import { preventionPlan, renderPreventionTest, runPreventionTests } from "../../learn/prevention-test.js";
import { verifyService } from "../../verify/verify-service.js";
import type { Phase, RunContext } from "../run-context.js";
import { isResumable } from "./resumable.js";

/**
 * Starts the built service and probes every endpoint of the contract. While
 * it runs, the service's prevention tests from the pattern store run against
 * it too, and prevention tests are written for what fails (kept once seen to
 * fail here and to pass on a recovered build).
 */
export const verifyPhase: Phase = {
  name: "verify",
  applies: () => true,
  maxAttempts: (run) => run.retry.verifyAttempts,
  async resume(run) {
    if (!run.previous || !(await isResumable(run, "verify"))) return false;
    run.endpoints = run.previous.endpoints;
    for (const result of run.endpoints) run.emit({ type: "endpoint", result });
    return true;
  },
  async attempt(run) {
    const scratch = await mkdtemp(path.join(os.tmpdir(), "specforge-prevention-"));
    // A service started during the build is used once: a second attempt starts it anew.
    const launched = run.launched;
    run.launched = undefined;
    try {
      const verified = await verifyService({
        ...(launched ? { launched } : {}),
        serviceDir: run.outDir,
        contract: run.contract,
        runner: run.runner,
        specFile: run.specPath,
        layout: run.target.layout,
        readyTimeoutMs: run.readyTimeoutMs,
        checks: run.checks,
        onProbe: (result) => run.emit({ type: "endpoint", result }),
        whileRunning: (baseUrl, probed) => preventionChecks(run, baseUrl, probed.findings, scratch),
      });
      run.endpoints = verified.endpoints;
      return verified.ok ? { ok: true } : { ok: false, findings: verified.findings };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
};

async function preventionChecks(run: RunContext, baseUrl: string, failures: Finding[], scratch: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  // The tests learned from earlier runs of this service: each guards against a failure seen before.
  const stored = await storedTests(run);
  const probedFailing = new Set(failures.flatMap((f) => (f.subject ? [f.subject] : [])));
  for (const result of await runPreventionTests(run.runner, stored, baseUrl, scratch)) {
    if (result.passed) continue;
    const patternId = path.basename(result.file, ".test.mjs");
    const endpoint = run.learning.pattern(patternId)?.endpoint ?? null;
    // The probes already report this endpoint failing: the test says the same thing again.
    if (endpoint && probedFailing.has(endpoint)) continue;
    findings.push({
      code: ErrorCode.VerifyContractMismatch,
      severity: "error",
      message: `prevention test for pattern ${patternId}${endpoint ? ` (${endpoint})` : ""} failed: ${failedAssertion(result.output)}`,
      file: run.specPath,
      ...(endpoint ? { subject: endpoint } : {}),
    });
  }
  const storedPatterns = new Set(stored.map((file) => path.basename(file, ".test.mjs")));
  // This run's candidates, written after a failed attempt: do they pass on this build?
  for (const candidate of run.prevention.filter((c) => c.failsBefore && !c.passesAfter)) {
    const file = path.join(scratch, `${candidate.patternId}.test.mjs`);
    await writeFile(file, candidate.content);
    const [result] = await runPreventionTests(run.runner, [file], baseUrl, scratch);
    candidate.passesAfter = result?.passed === true;
  }
  // New failures: a candidate for each endpoint that failed, kept only if it fails here too.
  for (const failure of failures) {
    if (!failure.subject) continue;
    const signature = computeFindingSignature(failure, "verify");
    const patternId = signature.id;
    // One test per pattern: none when the store has one, or this run already wrote it.
    if (storedPatterns.has(patternId) || run.prevention.some((c) => c.patternId === patternId)) continue;
    const plan = preventionPlan(run.contract, failure.subject);
    if (!plan) continue;
    const pattern = { id: patternId, class: signature.class, sample: signature.normalized, service: run.spec.name };
    const content = renderPreventionTest(plan, pattern);
    const file = path.join(scratch, `${patternId}.test.mjs`);
    await writeFile(file, content);
    const [result] = await runPreventionTests(run.runner, [file], baseUrl, scratch);
    if (result && !result.passed) run.prevention.push({ patternId, endpoint: plan.endpoint, plan, content, failsBefore: true, passesAfter: false });
  }
  return findings;
}

async function storedTests(run: RunContext): Promise<string[]> {
  const dir = run.learning.preventionDir(run.spec.name);
  if (!dir) return [];
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(".test.mjs")).sort().map((n) => path.join(dir, n));
}

/** The first failed assertion of a node:test TAP output, in one line. */
function failedAssertion(output: string): string {
  const line = output.split("\n").find((l) => /error:|AssertionError|answered/.test(l));
  return (line ?? output.trim().split("\n").at(-1) ?? "").trim().slice(0, 300);
}
