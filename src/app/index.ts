/**
 * The specforge GitHub App (Probot): a push that changes a SPEC dispatches a
 * build; comments and check-run buttons steer builds; workflow runs report
 * back. Handlers only decide whether to act and call into `src/github`; the
 * build itself runs in the Action.
 */
import type { ApplicationFunctionOptions, Probot } from "probot";
import { packageVersion } from "../core/package-version.js";
import { AppMetrics } from "./app-metrics.js";
import { handleCheckRunAction } from "./handle-check-run-action.js";
import { handleComment } from "./handle-comment.js";
import { handlePush } from "./handle-push.js";
import { handleWorkflowRunCompleted } from "./handle-workflow-run.js";
import { createUdcHandler } from "./udc-handler.js";

export interface AppOptions {
  /** The app's bot login (`<slug>[bot]`); pushes it makes start no build. */
  botLogin?: string;
  metrics?: AppMetrics;
  version?: string;
}

export function createSpecforgeApp(options: AppOptions = {}) {
  const metrics = options.metrics ?? new AppMetrics();
  return (app: Probot, { addHandler }: ApplicationFunctionOptions): void => {
    const env = process.env;
    const botLogin = options.botLogin ?? (env["APP_SLUG"] ? `${env["APP_SLUG"]}[bot]` : "specforge[bot]");
    addHandler(
      createUdcHandler(metrics, {
        name: "specforge-app",
        version: options.version ?? packageVersion(),
        githubApiUrl: env["GHE_HOST"] ? `https://${env["GHE_HOST"]}/api/v3` : "https://api.github.com",
        webhookPath: env["WEBHOOK_PATH"] ?? "/api/github/webhooks",
      }),
    );
    app.onAny(async (event) => metrics.recordDelivery(event.id, event.name));
    app.onError(async (error) => metrics.recordError(error.message));
    app.on("push", (context) => handlePush(context, botLogin));
    app.on("issue_comment.created", (context) => handleComment(context, botLogin));
    app.on("check_run.requested_action", (context) => handleCheckRunAction(context));
    app.on("workflow_run.completed", (context) => handleWorkflowRunCompleted(context, botLogin));
  };
}

export default createSpecforgeApp();
