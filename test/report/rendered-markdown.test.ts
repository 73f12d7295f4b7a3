import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { phaseSummary } from "../../src/github/check-run-output.js";
import type { SpecVerdict } from "../../src/github/spec-verdicts.js";
import { emptyRunLog, type RunLog } from "../../src/pipeline/run-log.js";
import { PHASES, type PhaseName, type PhaseReport, type PhaseStatus, type PipelineReport } from "../../src/pipeline/types.js";
import { jobSummary } from "../../src/report/job-summary.js";
import { specBlobUrl } from "../../src/report/spec-links.js";
import { statusComment } from "../../src/report/status-comment.js";
import { fixture } from "../helpers/paths.js";

const REPO_URL = "https://github.com/octo-org/octo-repo";
const SHA = "5bd5f196a46b8222fb7484f05faba41a73cf34bd";
const SPEC = "services/billing/SPEC.md";
const specLine = (line: number) => specBlobUrl(REPO_URL, SHA, SPEC, line);

/** Compares with test/fixtures/markdown/<name>; UPDATE_GOLDEN=1 rewrites the file (then read the diff). */
function golden(name: string, actual: string): void {
  const file = fixture("markdown", name);
  if (process.env["UPDATE_GOLDEN"]) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

/** The four phases in order, each as [status, milliseconds, tries]. */
function phases(...rows: Array<[PhaseStatus, number, number]>): PhaseReport[] {
  return rows.map(([status, durationMs, attempts], i) => ({ name: PHASES[i] as PhaseName, status, durationMs, attempts }));
}

/** A build whose generation failed once and was retried, that verified and now waits at the final gate. */
const retriedAndWaiting: PipelineReport = {
  verified: true,
  service: "billing",
  version: "1.2.0",
  specPath: SPEC,
  specHash: "h",
  outDir: "/tmp/billing",
  generator: "claude@1",
  phases: phases(["passed", 40, 1], ["passed", 2060, 2], ["passed", 7700, 1], ["passed", 2600, 1]),
  attempts: [
    { phase: "analyze", attempt: 1, startMs: 0, durationMs: 40, status: "passed" },
    { phase: "generate", attempt: 1, startMs: 40, durationMs: 1200, status: "failed" },
    { phase: "generate", attempt: 2, startMs: 1240, durationMs: 860, status: "passed" },
    { phase: "build", attempt: 1, startMs: 2100, durationMs: 7700, status: "passed" },
    { phase: "verify", attempt: 1, startMs: 9800, durationMs: 2600, status: "passed" },
  ],
  endpoints: [
    { method: "GET", path: "/health", verified: true, detail: "200, shape matches", line: 0, status: 200, checks: [] },
    { method: "POST", path: "/invoices", verified: true, detail: "201, shape matches", line: 31, status: 201, checks: [] },
  ],
  findings: [
    { code: "E2003", severity: "warning", message: "generation attempt 1 failed: the answer had no files", file: SPEC },
    { code: "E1003", severity: "warning", message: "GET /invoices/{id} has no example", file: SPEC, line: 42, subject: "GET /invoices/{id}" },
  ],
  durationMs: 12400,
};

describe("the job summary", () => {
  it("of a build with a failed try, a retry and a waiting gate: linked SPEC lines and a Mermaid timeline", () => {
    golden(
      "job-summary-retry-gate.md",
      jobSummary({
        report: retriedAndWaiting,
        checkRunUrls: { analyze: `${REPO_URL}/runs/1`, generate: `${REPO_URL}/runs/2`, build: `${REPO_URL}/runs/3`, verify: `${REPO_URL}/runs/4` },
        pullRequest: { url: `${REPO_URL}/pull/7`, action: "opened" },
        warnings: [],
        specLine,
        gate: "verify",
      }),
    );
  });
});

describe("a phase check run's summary", () => {
  it("of a failed verify: tries, endpoints grouped with the failures first, SPEC lines linked at the commit", () => {
    const log: RunLog = {
      ...emptyRunLog(),
      service: "billing",
      version: "1.2.0",
      generator: "template@1",
      phases: phases(["passed", 40, 1], ["passed", 300, 1], ["passed", 9100, 2], ["failed", 2600, 1]),
      endpoints: [
        { method: "GET", path: "/health", verified: true, detail: "200, shape matches", line: 0, status: 200, checks: [] },
        {
          method: "POST",
          path: "/invoices",
          verified: false,
          detail: "expected 201, got 500",
          line: 31,
          status: 500,
          checks: [
            { kind: "status", ok: false, detail: "expected 201, got 500", source: "spec" },
            { kind: "fuzz", ok: false, detail: "expected no 5xx, got 500 for POST /invoices with {}", source: "inferred" },
          ],
        },
        { method: "GET", path: "/invoices", verified: true, detail: "200, shape matches", line: 12, status: 200, checks: [] },
        { method: "DELETE", path: "/invoices/{id}", verified: false, detail: "no answer: 404", line: 55, status: 404, checks: [] },
      ],
      findings: [
        { phase: "verify", code: "E3004", severity: "error", message: "POST /invoices answered 500, expected 201", file: SPEC, line: 31, subject: "POST /invoices" },
        { phase: "verify", code: "E3002", severity: "error", message: "DELETE /invoices/{id} is missing (404)", file: SPEC, line: 55, subject: "DELETE /invoices/{id}" },
      ],
    };
    golden("check-run-verify-failed.md", phaseSummary("verify", "failed", log, SPEC, { specLine, runUrl: `${REPO_URL}/actions/runs/4242` }) + "\n");
  });
});

describe("the status comment", () => {
  it("with a gate waiting, a failure, approvers and the last command", () => {
    const verdicts: SpecVerdict[] = [
      { specPath: SPEC, service: "billing", state: "waiting", checkRun: { name: "specforge: billing › approval", url: `${REPO_URL}/runs/8`, title: "Verified; waiting for approval before deploy" } },
      { specPath: "services/ledger/SPEC.md", service: "ledger", state: "failed", checkRun: { name: "specforge: ledger › build", url: `${REPO_URL}/runs/9`, title: "E2004 (line 12): the service does not compile" } },
      { specPath: "services/notes/SPEC.md", service: "notes", state: "verified", checkRun: { name: "specforge: notes › verify", url: `${REPO_URL}/runs/10`, title: "5/5 endpoints verified" } },
    ];
    golden(
      "status-comment.md",
      statusComment({ verdicts, sha: SHA, repoUrl: REPO_URL, fromFork: false, approvers: ["alice"], lastCommand: { command: "/retry ledger build", actor: "octocat", result: "Retrying `services/ledger/SPEC.md` from the build phase." } }),
    );
  });
});
