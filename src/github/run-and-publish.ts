import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ApprovalMode } from "../config/approval-modes.js";
import { readConfigFile } from "../config/read-config-file.js";
import type { Finding } from "../core/findings.js";
import { redoFrom } from "../pipeline/redo-from.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { setupRun } from "../pipeline/setup-run.js";
import type { PhaseName, PipelineReport } from "../pipeline/types.js";
import { failureReason } from "../report/failure-reason.js";
import { jobSummary } from "../report/job-summary.js";
import { pullRequestBody } from "../report/pull-request-body.js";
import { specBlobUrl } from "../report/spec-links.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import { createCheckRunPublisher } from "./check-run-publisher.js";
import type { GitHubClient } from "./create-octokit.js";
import { findPreviousRun, type PreviousRun } from "./find-previous-run.js";
import { gateStop, isGateWaiting, publishGate } from "./gate.js";
import { readGitAccess, type GitAccess } from "./git-access.js";
import { publishServicePullRequest, type ServicePullRequest } from "./publish-service-pull-request.js";
import type { RunnerContext } from "./runner-context.js";
import { specKeyOf } from "./spec-identity.js";
import { stashPersistedCredentials } from "./stash-persisted-credentials.js";

/** One build as the workflow asks for it (the Action's inputs, minus the token). */
export interface BuildRequest {
  specPath: string;
  sha: string;
  approvalMode: ApprovalMode;
  /** Empty: the configuration's `generator`. */
  generator: string;
  /** The command generator's argv (empty: `generator.command` in the configuration). */
  generatorCommand: string[];
  /** Empty: the configuration's `target`. */
  target: string;
  model: string;
  anthropicApiKey: string;
  outputDir: string;
  baseBranch: string;
  /** Set by the app after /approve or the Approve button: the approval gates are passed. */
  approved: boolean;
  /** Set by /retry <phase>: redo that phase and those after it. */
  retryFrom: PhaseName | "";
  requestedBy: string;
  notes: string;
}

/** Where the Action tells what happens as it goes (the runner's log and annotations). */
export interface BuildLog {
  info(message: string): void;
  warning(message: string): void;
  finding(finding: Finding): void;
}

export interface PublishedBuild {
  verdict: "verified" | "failed" | "awaiting-approval";
  /** The job summary's markdown, also written to `reportPath`. */
  summary: string;
  reportPath: string;
  pullRequestUrl: string;
  checkRunIds: Partial<Record<PhaseName, number>>;
  /** Why the step fails, or null when it does not. */
  failure: string | null;
}

const BOT_AUTHOR = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" };

export interface RunAndPublishOptions {
  env: NodeJS.ProcessEnv;
  log: BuildLog;
  runner?: ProcessRunner;
  /** For the branch push alone (check runs and pulls go through `octokit`). */
  token: string;
}

/**
 * Runs the pipeline on one SPEC in a workflow and publishes it: the phases as
 * check runs while they run, then the approval gate, the service's pull
 * request and the job summary. A request GitHub refuses becomes a warning;
 * the verdict always reaches the result. While it runs, the checkout holds
 * no credential (see stash-persisted-credentials.ts).
 */
export async function runAndPublish(octokit: GitHubClient, request: BuildRequest, context: RunnerContext, options: RunAndPublishOptions): Promise<PublishedBuild> {
  // Read before generated code runs, which could change the checkout's git configuration.
  const access = await readGitAccess(context.workspace, { serverUrl: context.serverUrl, token: options.token }).catch((error: Error) => ({ error: error.message }));
  const stash = "git" in access ? await stashPersistedCredentials(context.workspace, access.git).catch(() => null) : null;
  if (stash?.count) options.log.info(`took ${stash.count} persisted git credential(s) out of the checkout while the service is built; they are put back at the end`);
  try {
    return await buildAndPublish(octokit, request, context, options, access);
  } finally {
    await stash?.restore();
  }
}

async function buildAndPublish(octokit: GitHubClient, request: BuildRequest, context: RunnerContext, options: RunAndPublishOptions, access: GitAccess | { error: string }): Promise<PublishedBuild> {
  const { owner, repo } = context.repository;
  const specFile = path.resolve(context.workspace, request.specPath);
  if (path.relative(context.workspace, specFile).startsWith("..")) throw new Error(`spec-path "${request.specPath}" is outside the repository`);
  const specPath = path.relative(context.workspace, specFile).split(path.sep).join("/");
  const specKey = specKeyOf(specPath);
  const outDir = request.outputDir ? path.resolve(context.workspace, request.outputDir) : path.join(path.dirname(specFile), "service");
  const detailsUrl = `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`;
  const warnings: string[] = "error" in access ? [`could not read the checkout's origin: ${access.error}`] : [];

  const previous: PreviousRun = await findPreviousRun(octokit, { owner, repo, sha: request.sha, specKey }).catch((error: Error) => {
    warnings.push(`could not read earlier check runs: ${error.message}`);
    return { ids: new Map(), checkpoint: null, gateId: null };
  });
  const config = await readConfigFile(path.join(context.workspace, ".github/specforge.yml"), { label: ".github/specforge.yml" });
  const setup = await setupRun(config, { ...request, cwd: context.workspace }, options.env, options.runner);
  const checkpoint = redoFrom(previous.checkpoint, request.retryFrom);
  const gate = gateStop(request.approvalMode, request.approved);
  const specLine = (line: number) => specBlobUrl(`${context.serverUrl}/${owner}/${repo}`, request.sha, specPath, line);
  const checkRuns = createCheckRunPublisher(octokit, { owner, repo, sha: request.sha, detailsUrl, specPath, specKey, specLine }, previous.ids);

  options.log.info(
    `specforge: ${specPath} → ${path.relative(context.workspace, outDir)} (generator ${setup.deps.generator.id}, approval ${request.approvalMode}${request.approved ? `, approved by ${request.requestedBy || "?"}` : ""})`,
  );
  if (!options.runner) {
    if (setup.sandbox) options.log.info(`generated code runs in ${setup.sandbox}: it cannot see this process or read its environment`);
    else options.log.warning(UNSANDBOXED);
  }
  const report = await runPipeline(
    { specPath, outDir, retry: setup.retry, ...(checkpoint ? { previous: checkpoint } : {}), ...(gate === "generate" ? { stopAfter: "generate" as const } : {}) },
    {
      ...setup.deps,
      cwd: context.workspace,
      onEvent: (event) => {
        checkRuns.onEvent(event);
        if (event.type === "phase-complete") options.log.info(`${event.phase}: ${event.status} (${event.durationMs} ms)`);
        if (event.type === "finding") options.log.finding(event.finding);
      },
    },
  );
  const published = await checkRuns.finish(report);
  warnings.push(...published.failures.map((f) => `could not ${f}`));

  const waiting = isGateWaiting(gate, report);
  if (waiting || (request.approved && request.approvalMode !== "auto" && report.verified)) {
    const gateTarget = { owner, repo, sha: request.sha, specPath, detailsUrl, service: report.service, specHash: report.specHash, generator: report.generator };
    await publishGate(octokit, gateTarget, waiting ? { waitingAfter: gate as "generate" | "verify" } : { approvedBy: request.requestedBy, notes: request.notes }, previous.gateId).catch((error: Error) => {
      warnings.push(`could not publish the approval gate: ${error.message}`);
    });
  }

  let pullRequest: ServicePullRequest | null = null;
  if ((report.verified || waiting) && "git" in access) {
    pullRequest = await publishServicePullRequest(octokit, {
      repo: context.repository,
      workspace: context.workspace,
      access,
      serviceDir: outDir,
      sha: request.sha,
      baseBranch: request.baseBranch,
      service: report.service,
      version: report.version,
      specPath,
      body: pullRequestBody(report, published.urls, request.sha, waiting ? gate : null, specLine),
      author: BOT_AUTHOR,
    }).catch((error: Error & { status?: number }) => {
      warnings.push(`could not publish the pull request: ${error.message}${error.status === 403 ? PULL_REQUEST_FORBIDDEN : ""}`);
      return null;
    });
  }

  for (const warning of warnings) options.log.warning(warning);
  const summary = jobSummary({ report, checkRunUrls: published.urls, pullRequest, warnings, specLine, gate: waiting ? gate : null });
  const reportPath = await writeReport(context.tempDir, report, summary);
  return {
    verdict: waiting ? "awaiting-approval" : report.verified ? "verified" : "failed",
    summary,
    reportPath,
    pullRequestUrl: pullRequest?.url ?? "",
    checkRunIds: published.ids,
    failure: report.verified || waiting ? null : failureReason(report),
  };
}

const UNSANDBOXED =
  "generated code runs beside this process: this system does not let unprivileged users make namespaces (unshare --user), so the service could read this process's environment, and the Action's inputs in it, from /proc (see specforge's README, Security)";

const PULL_REQUEST_FORBIDDEN =
  " (a repository may forbid GITHUB_TOKEN to open pull requests: enable Settings › Actions › General › “Allow GitHub Actions to create and approve pull requests”, or pass another github-token)";

async function writeReport(tempDir: string, report: PipelineReport, markdown: string): Promise<string> {
  const reportPath = path.join(tempDir || os.tmpdir(), `specforge-${report.service || "report"}.md`);
  await mkdir(path.dirname(reportPath), { recursive: true });
  await writeFile(reportPath, markdown);
  return reportPath;
}
