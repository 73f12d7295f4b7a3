import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ApprovalMode } from "../config/approval-modes.js";
import { readConfigFile } from "../config/read-config-file.js";
import type { ResolvedConfig } from "../config/types.js";
import type { Finding } from "../core/findings.js";
import type { LearningSession } from "../learn/learning-session.js";
import { redoFrom } from "../pipeline/redo-from.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { setupRun, type RunSetup } from "../pipeline/setup-run.js";
import type { PhaseName, PipelineReport } from "../pipeline/types.js";
import { failureReason } from "../report/failure-reason.js";
import { jobSummary } from "../report/job-summary.js";
import { pullRequestBody } from "../report/pull-request-body.js";
import { specBlobUrl } from "../report/spec-links.js";
import { rollbackRelease } from "../deploy/deploy-release.js";
import { toDeployTarget } from "../deploy/to-deploy-target.js";
import { getTarget } from "../synth/targets.js";
import { createProcessRunner } from "../verify/create-process-runner.js";
import { detectSandbox } from "../verify/process-sandbox.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import { assessCommit, parseLedgerText, recordApproval } from "./approvals.js";
import { createCheckRunPublisher } from "./check-run-publisher.js";
import type { GitHubClient } from "./create-octokit.js";
import { createDeploymentsPublisher } from "./deployments.js";
import { findPreviousRun, type PreviousRun } from "./find-previous-run.js";
import { gateStop, isGateWaiting, publishGate, type GateApprovals, type GateState } from "./gate.js";
import { readGitAccess, type GitAccess } from "./git-access.js";
import { createGitHubReleaseStore } from "./github-release-store.js";
import { materializeRelease } from "./materialize-release.js";
import { checkoutLearnedStore, publishLearnedPatterns, type LearnedPatternsPullRequest } from "./publish-learned-patterns.js";
import { publishServicePullRequest, type ServicePullRequest } from "./publish-service-pull-request.js";
import type { RunnerContext } from "./runner-context.js";
import { specKeyOf } from "./spec-identity.js";
import { stashPersistedCredentials } from "./stash-persisted-credentials.js";
import type { RepoRef } from "./types.js";

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
  /** Set by /rollback: deploy this release (its commit) again instead of building. */
  rollback: string;
}

/** Where the Action tells what happens as it goes (the runner's log and annotations). */
export interface BuildLog {
  info(message: string): void;
  warning(message: string): void;
  finding(finding: Finding): void;
}

export interface PublishedBuild {
  verdict: "verified" | "failed" | "awaiting-approval" | "rolled-back";
  /** The job summary's markdown, also written to `reportPath`. */
  summary: string;
  reportPath: string;
  pullRequestUrl: string;
  checkRunIds: Partial<Record<PhaseName, number>>;
  /** Why the step fails, or null when it does not. */
  failure: string | null;
}

export interface RunAndPublishOptions {
  env: NodeJS.ProcessEnv;
  log: BuildLog;
  runner?: ProcessRunner;
  /** For git's fetches and pushes alone (check runs and pulls go through `octokit`). */
  token: string;
}

type RunOptions = RunAndPublishOptions;

export const BOT_AUTHOR = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" };

/**
 * Runs the pipeline on one SPEC in a workflow and publishes it: the phases as
 * check runs while they run (a deploy as GitHub Deployments too), then the
 * approval gate, the service's pull request, the learned-patterns pull
 * request and the job summary. A request GitHub refuses becomes a warning;
 * the verdict always reaches the result. While it runs, the checkout holds
 * no credential (see stash-persisted-credentials.ts), and git reaches
 * `origin` only as it was read before generated code ran (git-access.ts).
 */
export async function runAndPublish(octokit: GitHubClient, request: BuildRequest, context: RunnerContext, options: RunOptions): Promise<PublishedBuild> {
  // Read before generated code runs, which could change the checkout's git configuration.
  const access = await readGitAccess(context.workspace, { serverUrl: context.serverUrl, token: options.token }).catch((error: Error) => ({ error: error.message }));
  const stash = "git" in access ? await stashPersistedCredentials(context.workspace, access.git).catch(() => null) : null;
  if (stash?.count) options.log.info(`took ${stash.count} persisted git credential(s) out of the checkout while the service is built; they are put back at the end`);
  try {
    const build = await prepareBuild(octokit, request, context, access);
    const git = "git" in access ? access : null;
    if (request.rollback) return await restoreAndPublish(octokit, request, context, options, build, git);
    // The store a build learns from is the rolling pull request's, which holds what is not merged yet.
    const storeCopy = build.config.patterns ? await checkoutLearnedStore(context.workspace, build.config.patterns, git) : null;
    try {
      const setup = await setupRun(build.config, { ...request, cwd: context.workspace, ...(storeCopy ? { patternsDir: storeCopy } : {}) }, options.env, options.runner);
      return await runAndPublishWith(octokit, request, context, options, build, setup, git);
    } finally {
      if (storeCopy) await rm(storeCopy, { recursive: true, force: true });
    }
  } finally {
    await stash?.restore();
  }
}

/** What a build in a workflow knows before it runs. */
interface PreparedBuild {
  config: ResolvedConfig;
  specPath: string;
  specFile: string;
  specKey: string;
  outDir: string;
  detailsUrl: string;
  previous: PreviousRun;
  warnings: string[];
}

async function prepareBuild(octokit: GitHubClient, request: BuildRequest, context: RunnerContext, access: GitAccess | { error: string }): Promise<PreparedBuild> {
  const { owner, repo } = context.repository;
  const specFile = path.resolve(context.workspace, request.specPath);
  if (path.relative(context.workspace, specFile).startsWith("..")) throw new Error(`spec-path "${request.specPath}" is outside the repository`);
  const specPath = path.relative(context.workspace, specFile).split(path.sep).join("/");
  const specKey = specKeyOf(specPath);
  const warnings: string[] = "error" in access ? [`could not read the checkout's origin: ${access.error}`] : [];
  const previous: PreviousRun = await findPreviousRun(octokit, { owner, repo, sha: request.sha, specKey }).catch((error: Error) => {
    warnings.push(`could not read earlier check runs: ${error.message}`);
    return { ids: new Map(), checkpoint: null, gateId: null, gateText: null };
  });
  return {
    config: await readConfigFile(path.join(context.workspace, ".github/specforge.yml"), { label: ".github/specforge.yml" }),
    specPath,
    specFile,
    specKey,
    outDir: request.outputDir ? path.resolve(context.workspace, request.outputDir) : path.join(path.dirname(specFile), "service"),
    detailsUrl: `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`,
    previous,
    warnings,
  };
}

async function runAndPublishWith(
  octokit: GitHubClient,
  request: BuildRequest,
  context: RunnerContext,
  options: RunOptions,
  build: PreparedBuild,
  setup: RunSetup,
  access: GitAccess | null,
): Promise<PublishedBuild> {
  const { owner, repo } = context.repository;
  const { specPath, outDir, detailsUrl, previous, warnings } = build;
  const checkpoint = redoFrom(previous.checkpoint, request.retryFrom);
  const gate = gateStop(request.approvalMode, request.approved);
  const approvals = setup.deployTarget ? await approvalsForDeploy(octokit, context.repository, request, build) : null;
  const deployBlocked = Boolean(approvals && approvals.ledger.approvals.length < approvals.needed);
  const specLine = (line: number) => specBlobUrl(`${context.serverUrl}/${owner}/${repo}`, request.sha, specPath, line);
  const checkRuns = createCheckRunPublisher(octokit, { owner, repo, sha: request.sha, detailsUrl, specPath, specKey: build.specKey, specLine }, previous.ids);
  const deployments = createDeploymentsPublisher(octokit, { owner, repo, specPath, sourceSha: request.sha, logUrl: detailsUrl });
  let servicePullRequest: ServicePullRequest | null = null;
  const publishService = async (report: Pick<PipelineReport, "service" | "version">, body: string) => {
    if (!access) throw new Error("the checkout's origin could not be read, so the service could not be pushed");
    servicePullRequest = await publishServicePullRequest(octokit, {
      access,
      repo: context.repository,
      workspace: context.workspace,
      serviceDir: outDir,
      sha: request.sha,
      baseBranch: request.baseBranch,
      service: report.service,
      version: report.version,
      specPath,
      body,
      author: BOT_AUTHOR,
      // Pushed once a run: a second push (the report, after a deploy) would move the branch off the deployed commit.
      ...(servicePullRequest ? { pushed: (servicePullRequest as ServicePullRequest).commit } : {}),
    });
    return servicePullRequest;
  };

  options.log.info(
    `specforge: ${specPath} → ${path.relative(context.workspace, outDir)} (generator ${setup.deps.generator.id}, approval ${request.approvalMode}${request.approved ? `, approved by ${request.requestedBy || "?"}` : ""})`,
  );
  if (!options.runner) {
    if (setup.sandbox) options.log.info(`generated code runs in ${setup.sandbox}: it cannot see this process or read its environment`);
    else options.log.warning(UNSANDBOXED);
  }
  let service = "";
  let version = "";
  const stopAfter = gate === "generate" ? ("generate" as const) : deployBlocked ? ("verify" as const) : undefined;
  const report = await runPipeline(
    { specPath, outDir, retry: setup.retry, deploy: setup.deployTarget, ref: request.sha, ...(checkpoint ? { previous: checkpoint } : {}), ...(stopAfter ? { stopAfter } : {}) },
    {
      ...setup.deps,
      cwd: context.workspace,
      env: options.env,
      onEvent: (event) => {
        if (event.type === "analyzed") [service, version] = [event.service, event.version];
        checkRuns.onEvent(event);
        deployments.onEvent(event);
        if (event.type === "phase-complete") options.log.info(`${event.phase}: ${event.status} (${event.durationMs} ms)`);
        if (event.type === "finding") options.log.finding(event.finding);
        if (event.type === "deploy-stage") options.log.info(`deploy ${event.release.id}${event.rollback ? " (rollback)" : ""}: ${event.stage}${event.url ? ` at ${event.url}` : ""}`);
      },
      // In GitHub a release is the commit on specforge/<service> that was deployed: push it first.
      prepareRelease: async () => (await publishService({ service, version }, `Deploying **${service}** ${version}, verified against \`${specPath}\`.`)).commit,
      releaseStore: setup.deployTarget
        ? createGitHubReleaseStore(octokit, {
            owner,
            repo,
            environment: setup.deployTarget.environment,
            specPath,
            materialize: (release) =>
              materializeRelease({
                access: requireAccess(access),
                ref: release.ref,
                serviceRelPath: path.relative(context.workspace, outDir),
                layout: getTarget(setup.deps.generator.target ?? "typescript-node").layout,
                runner: setup.deps.runner,
                ...(setup.deps.installCache ? { installCache: setup.deps.installCache } : {}),
                specFile: specPath,
              }),
          })
        : undefined,
    },
  );
  const published = await checkRuns.finish(report);
  warnings.push(...published.failures.map((f) => `could not ${f}`), ...(await deployments.finish()).map((f) => `could not ${f}`));

  // The gate: after generation (checkpoints), before deploy (final, or approvals the change's risk asks for).
  const waiting = isGateWaiting(gate, report) || (deployBlocked && report.verified && report.stoppedAfter === "verify");
  const gateState: GateState | null = waiting
    ? { waitingAfter: gate === "generate" ? "generate" : "verify", ...(approvals ? { approvals } : {}) }
    : request.approved && (request.approvalMode !== "auto" || approvals !== null) && report.verified
      ? { approvedBy: request.requestedBy, notes: request.notes, ...(approvals ? { approvals } : {}) }
      : null;
  if (gateState) {
    const gateTarget = { owner, repo, sha: request.sha, specPath, detailsUrl, service: report.service, specHash: report.specHash, generator: report.generator };
    await publishGate(octokit, gateTarget, gateState, previous.gateId).catch((error: Error) => void warnings.push(`could not publish the approval gate: ${error.message}`));
  }

  if (report.verified || waiting) {
    const risk = approvals ? `\n\n**Risk of the SPEC change: ${approvals.grade}** (${approvals.needed} approval${approvals.needed === 1 ? "" : "s"} before deploy)\n${approvals.reasons.slice(0, 20).map((r) => `- ${r}`).join("\n")}` : "";
    await publishService(report, pullRequestBody(report, published.urls, request.sha, waiting ? gate : null, specLine) + risk).catch((error: Error & { status?: number }) => {
      warnings.push(`could not publish the pull request: ${error.message}${error.status === 403 ? PULL_REQUEST_FORBIDDEN : ""}`);
    });
  }

  let learned: LearnedPatternsPullRequest | null = null;
  if (build.config.patterns && setup.deps.learning?.hasNews) {
    learned = await defaultBranch(octokit, context.repository)
      .then((base) =>
        publishLearnedPatterns(octokit, {
          repo: context.repository,
          access: requireAccess(access),
          baseBranch: base,
          patternsPath: build.config.patterns,
          session: setup.deps.learning as LearningSession,
          author: BOT_AUTHOR,
          from: `the build of ${specPath} at ${request.sha}`,
        }),
      )
      .catch((error: Error & { status?: number }) => {
        warnings.push(`could not propose the learned patterns: ${error.message}${error.status === 403 ? PULL_REQUEST_FORBIDDEN : ""}`);
        return null;
      });
  }

  for (const warning of warnings) options.log.warning(warning);
  const pullRequest = servicePullRequest as ServicePullRequest | null;
  const summary = jobSummary({ report, checkRunUrls: published.urls, pullRequest, learnedPullRequest: learned, warnings, specLine, gate: waiting ? gate : null });
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

/**
 * `/rollback`: deploys an earlier release of the SPEC's service again, as it
 * was committed, from GitHub's record of its deployments (nothing is
 * regenerated): a new Deployment of the restored commit, checked for health.
 */
async function restoreAndPublish(octokit: GitHubClient, request: BuildRequest, context: RunnerContext, options: RunOptions, build: PreparedBuild, access: GitAccess | null): Promise<PublishedBuild> {
  const { owner, repo } = context.repository;
  const target = toDeployTarget(build.config.deploy);
  if (!target) throw new Error("/rollback: `deploy:` in .github/specforge.yml names no command, so nothing was deployed to restore");
  // The release's code is built in the sandbox; the deploy command, the team's own, beside specforge.
  const sandbox = options.runner || options.env["SPECFORGE_SANDBOX"] === "off" ? null : await detectSandbox();
  const buildRunner = options.runner ?? createProcessRunner(options.env, { sandbox });
  const runner = options.runner ?? createProcessRunner(options.env);
  const deployments = createDeploymentsPublisher(octokit, { owner, repo, specPath: build.specPath, sourceSha: request.sha, logUrl: build.detailsUrl, requested: true });
  const store = createGitHubReleaseStore(octokit, {
    owner,
    repo,
    environment: target.environment,
    specPath: build.specPath,
    materialize: (release) =>
      materializeRelease({ access: requireAccess(access), ref: release.ref, serviceRelPath: path.relative(context.workspace, build.outDir), layout: getTarget(build.config.target).layout, runner: buildRunner, specFile: build.specPath }),
  });
  options.log.info(`specforge: rolling ${build.specPath} back in ${target.environment} to ${request.rollback}${request.requestedBy ? `, asked by @${request.requestedBy}` : ""}`);
  const rollback = await rollbackRelease(target, request.rollback, {
    runner,
    store,
    env: options.env,
    cwd: context.workspace,
    onProgress: (message) => options.log.info(message),
    onStage: (stage) => deployments.onEvent({ type: "deploy-stage", environment: target.environment, ...stage }),
  });
  const warnings = [...build.warnings, ...(await deployments.finish()).map((f) => `could not ${f}`)];
  for (const warning of warnings) options.log.warning(warning);
  const ok = rollback.status === "healthy";
  const summary = [
    `## ${build.specPath}: rollback in ${target.environment} ${ok ? "✅" : "❌"} ${rollback.status}`,
    "",
    `From release \`${rollback.from || "none"}\` to \`${rollback.to || "none"}\`${rollback.recoveredAfterMs !== null ? `, healthy after ${rollback.recoveredAfterMs} ms` : ""}${request.requestedBy ? `, asked by @${request.requestedBy}` : ""}: ${rollback.detail}.`,
    ...(warnings.length > 0 ? ["", "### Reporting problems", "", ...warnings.map((w) => `- ⚠️ ${w}`)] : []),
    "",
  ].join("\n");
  const reportPath = path.join(context.tempDir || os.tmpdir(), "specforge-rollback.md");
  await writeFile(reportPath, summary);
  return { verdict: ok ? "rolled-back" : "failed", summary, reportPath, pullRequestUrl: "", checkRunIds: {}, failure: ok ? null : `rollback of ${build.specPath} ${rollback.status}: ${rollback.detail}` };
}

/**
 * How many people must approve this build before it is deployed, and who
 * has: by the risk grade of the SPEC change (`approvals:` in the
 * configuration), and at least one in the `final` and `checkpoints` modes.
 * An approval this run carries (`approved` with `requested-by`) is recorded,
 * unless it is the pusher's or a second one by the same person.
 */
async function approvalsForDeploy(octokit: GitHubClient, repo: RepoRef, request: BuildRequest, build: PreparedBuild): Promise<GateApprovals> {
  const assessment = await assessCommit(octokit, repo, request.sha, build.specPath, await readFile(build.specFile, "utf8"));
  const byGrade = build.config.approvals[assessment.grade];
  const needed = Math.max(byGrade, request.approvalMode === "auto" ? 0 : 1);
  // The pusher may not approve a change whose risk asks for approvals; an approval mode alone asks for anyone's.
  const countPusher = build.config.approvals.count_pusher || byGrade === 0;
  let ledger = parseLedgerText(build.previous.gateText);
  let refused: string | null = null;
  if (request.approved) ({ ledger, refused } = recordApproval(ledger, request.requestedBy || "someone", assessment.pusher, countPusher, new Date().toISOString()));
  return { needed, ledger, grade: assessment.grade, reasons: assessment.reasons, refused };
}

function requireAccess(access: GitAccess | null): GitAccess {
  if (!access) throw new Error("the checkout's origin could not be read");
  return access;
}

const UNSANDBOXED =
  "generated code runs beside this process: this system does not let unprivileged users make namespaces (unshare --user), so the service could read this process's environment, and the Action's inputs in it, from /proc (see specforge's README, Security)";

const PULL_REQUEST_FORBIDDEN =
  " (a repository may forbid GITHUB_TOKEN to open pull requests: enable Settings › Actions › General › “Allow GitHub Actions to create and approve pull requests”, or pass another github-token)";

async function defaultBranch(octokit: GitHubClient, repo: RepoRef): Promise<string> {
  return (await octokit.rest.repos.get({ ...repo })).data.default_branch;
}

async function writeReport(tempDir: string, report: PipelineReport, markdown: string): Promise<string> {
  const reportPath = path.join(tempDir || os.tmpdir(), `specforge-${report.service || "report"}.md`);
  await mkdir(path.dirname(reportPath), { recursive: true });
  await writeFile(reportPath, markdown);
  return reportPath;
}
