import * as core from "@actions/core";
import type { Finding } from "../../src/core/findings.js";
import { createOctokit } from "../../src/github/create-octokit.js";
import { runAndPublish } from "../../src/github/run-and-publish.js";
import { readRunnerContext } from "../../src/github/runner-context.js";
import type { ProcessRunner } from "../../src/verify/process-runner.js";
import { readActionInputs } from "./inputs.js";

export interface ActionOptions {
  env?: NodeJS.ProcessEnv;
  runner?: ProcessRunner;
  /** Milliseconds per "retry-after" second for GitHub retries; tests set 1. */
  retryAfterBaseValue?: number;
  /** Octokit's write throttling (a second between writes); tests turn it off. */
  throttle?: boolean;
}

/**
 * The Action: read the inputs, run and publish (src/github/run-and-publish.ts),
 * then hand the runner the job summary, the outputs and the verdict.
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
    const result = await runAndPublish(octokit, inputs, context, {
      env,
      log: { info: (m) => core.info(m), warning: (m) => core.warning(m), finding: annotate },
      ...(options.runner ? { runner: options.runner } : {}),
      token: inputs.githubToken,
    });
    await core.summary.addRaw(result.summary).write();
    core.setOutput("verdict", result.verdict);
    core.setOutput("report-path", result.reportPath);
    core.setOutput("pull-request-url", result.pullRequestUrl);
    core.setOutput("check-run-ids", JSON.stringify(result.checkRunIds));
    if (result.failure) core.setFailed(result.failure);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}

/** A finding as the runner shows it: an error or warning annotation on the SPEC line. */
function annotate(finding: Finding): void {
  const properties = { title: finding.code, ...(finding.file ? { file: finding.file } : {}), ...(finding.line ? { startLine: finding.line } : {}) };
  if (finding.severity === "error") core.error(finding.message, properties);
  else core.warning(finding.message, properties);
}
