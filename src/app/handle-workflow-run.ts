import type { Context } from "probot";
import { ConfigError } from "../config/resolve-config.js";
import { findBuildCheckRun, toActions, type BuildButton } from "../github/build-check-run.js";
import type { CheckConclusion } from "../github/check-run-output.js";
import type { GitHubClient } from "../github/create-octokit.js";
import { gateCheckRunPending } from "../github/gate.js";
import { parseWorkflowRunName } from "../github/names.js";
import { loadConfig } from "./load-config.js";

/**
 * When a build workflow ends, its verdict lands on the app's check run for
 * that SPEC: success; action_required with Approve when a gate waits; failure
 * or cancelled with Retry (and Rollback after a failure).
 */
export async function handleWorkflowRunCompleted(context: Context<"workflow_run.completed">): Promise<void> {
  const run = context.payload.workflow_run;
  // Most workflow runs are not builds: tell by the run-name before asking GitHub for anything.
  const build = parseWorkflowRunName(run.display_title ?? "");
  if (!build) return;
  let config;
  try {
    config = await loadConfig(context);
  } catch (error) {
    if (error instanceof ConfigError) return;
    throw error;
  }
  if (run.path !== `.github/workflows/${config.workflow}`) return;
  const octokit = context.octokit as unknown as GitHubClient;
  const repo = context.repo();
  const ours = await findBuildCheckRun(octokit, repo, build.sha, build.specPath);
  if (!ours) return;

  const gate = run.conclusion === "success" && (await gateCheckRunPending(octokit, repo, build.sha, build.specPath));
  const verdict: { conclusion: CheckConclusion; title: string; buttons: BuildButton[] } = gate
    ? { conclusion: "action_required", title: "Waiting for approval: click Approve or comment /approve on the pull request", buttons: ["approve"] }
    : run.conclusion === "success"
      ? { conclusion: "success", title: "Built and verified", buttons: [] }
      : run.conclusion === "cancelled"
        ? { conclusion: "cancelled", title: "Build cancelled", buttons: ["retry"] }
        : { conclusion: "failure", title: `Build ${run.conclusion ?? "failed"}: see the phase check runs`, buttons: ["retry", "rollback"] };

  await octokit.rest.checks.update({
    ...repo,
    check_run_id: ours.id,
    conclusion: verdict.conclusion,
    completed_at: run.updated_at ?? new Date().toISOString(),
    details_url: run.html_url,
    output: { title: verdict.title, summary: `Workflow run [#${run.run_number}](${run.html_url}) ended: ${run.conclusion ?? "unknown"}.` },
    actions: toActions(verdict.buttons),
  });
}
