import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as core from "@actions/core";
import type { Finding } from "../../src/core/findings.js";
import { readConfigFile } from "../../src/config/read-config-file.js";
import { createCheckRunPublisher, type PublishedCheckRuns } from "../../src/github/check-run-publisher.js";
import { createOctokit, type GitHubClient } from "../../src/github/create-octokit.js";
import { findPreviousRun, type PreviousRun } from "../../src/github/find-previous-run.js";
import { gateStop, publishGate } from "../../src/github/gate.js";
import { publishServicePullRequest, type ServicePullRequest } from "../../src/github/publish-service-pull-request.js";
import { specKeyOf, toSpecMarker } from "../../src/github/spec-identity.js";
import type { Checkpoint } from "../../src/pipeline/checkpoint.js";
import { runPipeline } from "../../src/pipeline/run-pipeline.js";
import { PHASES, type PhaseName, type PipelineReport } from "../../src/pipeline/types.js";
import { toMarkdown } from "../../src/report/to-markdown.js";
import { createGenerator } from "../../src/synth/create-generator.js";
import { createProcessRunner } from "../../src/verify/create-process-runner.js";
import { createInstallCache, defaultInstallCacheRoot } from "../../src/verify/install-cache.js";
import type { ProcessRunner } from "../../src/verify/process-runner.js";
import { readActionInputs, type ActionInputs } from "./inputs.js";
import { readRunnerContext, type RunnerContext } from "./runner-context.js";

export interface ActionOptions {
  env?: NodeJS.ProcessEnv;
  runner?: ProcessRunner;
  /** Milliseconds per "retry-after" second for GitHub retries; tests set 1. */
  retryAfterBaseValue?: number;
  /** Octokit's write throttling (a second between writes); tests turn it off. */
  throttle?: boolean;
}

const BOT_AUTHOR = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" };

/**
 * The Action: run the pipeline on one SPEC, mirror each phase as a check run,
 * write the job summary and outputs, and propose a verified service as a pull
 * request. GitHub failures are reported as warnings; the verdict always
 * reaches the summary and the outputs.
 */
export async function run(options: ActionOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  try {
    const inputs = readActionInputs(core.getInput, env);
    core.setSecret(inputs.githubToken);
    if (inputs.anthropicApiKey) core.setSecret(inputs.anthropicApiKey);
    const context = readRunnerContext(env);
    const octokit = createOctokit({
      auth: inputs.githubToken,
      baseUrl: context.apiUrl,
      ...(options.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: options.retryAfterBaseValue } : {}),
      ...(options.throttle !== undefined ? { throttle: options.throttle } : {}),
      log: { warn: (m) => core.warning(m) },
    });
    await buildAndPublish(inputs, context, octokit, options.runner ?? createProcessRunner(env), env);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}

async function buildAndPublish(inputs: ActionInputs, context: RunnerContext, octokit: GitHubClient, runner: ProcessRunner, env: NodeJS.ProcessEnv): Promise<void> {
  const { owner, repo } = context.repository;
  const specFile = path.resolve(context.workspace, inputs.specPath);
  if (path.relative(context.workspace, specFile).startsWith("..")) throw new Error(`spec-path "${inputs.specPath}" is outside the repository`);
  const specPath = path.relative(context.workspace, specFile).split(path.sep).join("/");
  const specKey = specKeyOf(specPath);
  const outDir = inputs.outputDir ? path.resolve(context.workspace, inputs.outputDir) : path.join(path.dirname(specFile), "service");
  const detailsUrl = `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`;
  const warnings: string[] = [];

  const previous: PreviousRun = await findPreviousRun(octokit, { owner, repo, sha: inputs.sha, specKey }).catch((error: Error) => {
    warnings.push(`could not read earlier check runs: ${error.message}`);
    return { ids: new Map(), checkpoint: null, gateId: null };
  });
  const publisher = createCheckRunPublisher(octokit, { owner, repo, sha: inputs.sha, detailsUrl, specPath, specKey }, previous.ids);
  const generator = await createGenerator(inputs.generator, { anthropicApiKey: inputs.anthropicApiKey, model: inputs.model });
  // The repository's .github/specforge.yml sets the retry limits (the dispatch carries the rest).
  const config = await readConfigFile(path.join(context.workspace, ".github/specforge.yml"), { label: ".github/specforge.yml" });
  const checkpoint = redoFrom(previous.checkpoint, inputs.retryFrom);
  const gate = gateStop(inputs.approvalMode, inputs.approved);

  core.info(`specforge: ${specPath} → ${path.relative(context.workspace, outDir)} (generator ${inputs.generator}, approval ${inputs.approvalMode}${inputs.approved ? `, approved by ${inputs.requestedBy || "?"}` : ""})`);
  const report = await runPipeline(
    {
      specPath,
      outDir,
      retry: { generateAttempts: config.retries.generate, buildAttempts: config.retries.build },
      ...(checkpoint ? { previous: checkpoint } : {}),
      ...(gate === "generate" ? { stopAfter: "generate" as const } : {}),
    },
    {
      runner,
      generator,
      cwd: context.workspace,
      installCache: createInstallCache(defaultInstallCacheRoot(env)),
      onEvent: (event) => {
        publisher.onEvent(event);
        if (event.type === "phase-complete") core.info(`${event.phase}: ${event.status} (${event.durationMs} ms)`);
        if (event.type === "finding") logFinding(event.finding);
      },
    },
  );
  const checkRuns = await publisher.finish(report);
  warnings.push(...checkRuns.failures.map((f) => `could not ${f}`));

  // A gate waits once the work before it is done: after generation, or after a verified build.
  const waiting = gate === "generate" ? report.stoppedAfter === "generate" : gate === "verify" && report.verified;
  const gateTarget = { owner, repo, sha: inputs.sha, specPath, detailsUrl, service: report.service, specHash: report.specHash, generator: report.generator };
  if (waiting || (inputs.approved && inputs.approvalMode !== "auto" && report.verified)) {
    await publishGate(octokit, gateTarget, waiting ? { waitingAfter: gate as "generate" | "verify" } : { approvedBy: inputs.requestedBy, notes: inputs.notes }, previous.gateId).catch((error: Error) => {
      warnings.push(`could not publish the approval gate: ${error.message}`);
    });
  }

  let pullRequest: ServicePullRequest | null = null;
  if (report.verified || waiting) {
    pullRequest = await publishServicePullRequest(octokit, {
      repo: context.repository,
      workspace: context.workspace,
      serviceDir: outDir,
      sha: inputs.sha,
      baseBranch: inputs.baseBranch,
      service: report.service,
      version: report.version,
      specPath,
      body: pullRequestBody(report, checkRuns, inputs.sha, waiting),
      author: BOT_AUTHOR,
    }).catch((error: Error & { status?: number }) => {
      const hint =
        error.status === 403
          ? " (a repository may forbid GITHUB_TOKEN to open pull requests: enable Settings › Actions › General › “Allow GitHub Actions to create and approve pull requests”, or pass another github-token)"
          : "";
      warnings.push(`could not publish the pull request: ${error.message}${hint}`);
      return null;
    });
  }

  for (const warning of warnings) core.warning(warning);
  const markdown = jobSummary(report, checkRuns, pullRequest, warnings);
  const reportPath = path.join(context.tempDir || os.tmpdir(), `specforge-${report.service || "report"}.md`);
  await mkdir(path.dirname(reportPath), { recursive: true });
  await writeFile(reportPath, markdown);
  await core.summary.addRaw(markdown).write();

  core.setOutput("verdict", waiting ? "awaiting-approval" : report.verified ? "verified" : "failed");
  core.setOutput("report-path", reportPath);
  core.setOutput("pull-request-url", pullRequest?.url ?? "");
  core.setOutput("check-run-ids", JSON.stringify(checkRuns.ids));
  if (!report.verified && !waiting) core.setFailed(failureReason(report));
}

/** `/retry <phase>`: what an earlier run did from that phase on does not count. */
function redoFrom(checkpoint: Checkpoint | null, phase: PhaseName | ""): Checkpoint | null {
  if (!checkpoint || !phase) return checkpoint;
  if (phase === "analyze" || phase === "generate") return null;
  const keep = PHASES.slice(0, PHASES.indexOf(phase));
  return { ...checkpoint, completed: checkpoint.completed.filter((p) => keep.includes(p)) };
}

function logFinding(finding: Finding): void {
  const properties = { title: finding.code, ...(finding.file ? { file: finding.file } : {}), ...(finding.line ? { startLine: finding.line } : {}) };
  if (finding.severity === "error") core.error(finding.message, properties);
  else core.warning(finding.message, properties);
}

function checkRunLinks(checkRuns: PublishedCheckRuns): string[] {
  const links = Object.entries(checkRuns.urls).filter(([, url]) => url);
  return links.length > 0 ? ["", "### Check runs", "", ...links.map(([phase, url]) => `- [${phase}](${url})`)] : [];
}

function pullRequestBody(report: PipelineReport, checkRuns: PublishedCheckRuns, sha: string, waiting: boolean): string {
  return [
    waiting && !report.verified
      ? `This pull request proposes the **${report.service}** service (version ${report.version}), generated from \`${report.specPath}\`. It is **waiting for approval** before it is built and verified: comment \`/approve [notes]\` to go on.`
      : `This pull request proposes the **${report.service}** service (version ${report.version}), generated from \`${report.specPath}\` and verified against it.`,
    "",
    toMarkdown(report),
    ...checkRunLinks(checkRuns),
    "",
    "Rebuilding from the same SPEC updates this pull request; the branch always holds the latest build. Commands: `/approve`, `/retry [phase]`, `/rollback [ref]`, `/cancel`, `/status`, `/help`.",
    toSpecMarker(report.specPath, sha),
  ].join("\n");
}

function jobSummary(report: PipelineReport, checkRuns: PublishedCheckRuns, pullRequest: ServicePullRequest | null, warnings: string[]): string {
  const lines = [toMarkdown(report).trimEnd(), ...checkRunLinks(checkRuns)];
  if (pullRequest?.url) lines.push("", `Pull request: ${pullRequest.url} (${pullRequest.action})`);
  if (warnings.length > 0) lines.push("", "### Reporting problems", "", ...warnings.map((w) => `- ⚠️ ${w}`));
  return lines.join("\n") + "\n";
}

function failureReason(report: PipelineReport): string {
  const failed = report.phases.find((p) => p.status === "failed");
  const firstError = report.findings.find((f) => f.severity === "error");
  const where = firstError?.line ? ` (${firstError.file ?? report.specPath}:${firstError.line})` : "";
  return `${report.service || report.specPath} was not verified: ${failed ? `${failed.name} failed` : "verification failed"}${firstError ? `: ${firstError.code} ${firstError.message}${where}` : ""}`;
}
