import type { PipelineEvent } from "../pipeline/types.js";
import type { GitHubClient } from "./create-octokit.js";
import type { RepoRef } from "./types.js";

type DeployStageEvent = Extract<PipelineEvent, { type: "deploy-stage" }>;

/** What a specforge Deployment carries in its payload: enough to find its releases again. */
export interface DeploymentPayload {
  specforge: { service: string; release: string; version: string; specPath: string; sourceSha: string; rollback: "" | "automatic" | "requested" };
}

export interface DeploymentsTarget extends RepoRef {
  specPath: string;
  /** The commit the SPEC came from. */
  sourceSha: string;
  /** Where a status's "View logs" leads: the workflow run. */
  logUrl: string;
  /** A rollback someone asked for (/rollback) rather than one after a failed health check. */
  requested?: boolean;
}

/** GitHub's limit on a deployment status description. */
const DESCRIPTION_LIMIT = 140;

/**
 * Mirrors the deploy phase as GitHub Deployments: each release deployed is a
 * Deployment of its commit in the target's environment, `in_progress` while
 * its command and health checks run, then `success` (older ones of the
 * environment made inactive) or `failure`; a rollback is a new Deployment of
 * the restored commit. Requests go out in order; a failed one is recorded and
 * the rest go on.
 */
export function createDeploymentsPublisher(octokit: GitHubClient, target: DeploymentsTarget) {
  const failures: string[] = [];
  const deployments = new Map<string, number>();
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (what: string, request: () => Promise<void>) => {
    queue = queue.then(request).catch((error: unknown) => void failures.push(`${what}: ${(error as Error).message}`));
  };
  const { owner, repo } = target;
  const key = (event: DeployStageEvent) => `${event.release.id}:${event.rollback}`;

  return {
    onEvent(event: PipelineEvent): void {
      if (event.type !== "deploy-stage") return;
      const release = event.release;
      if (event.stage === "started") {
        enqueue(`create the deployment of ${release.id}`, async () => {
          const payload: DeploymentPayload = {
            specforge: { service: release.service, release: release.id, version: release.version, specPath: target.specPath, sourceSha: target.sourceSha, rollback: event.rollback ? (target.requested ? "requested" : "automatic") : "" },
          };
          const { data } = await octokit.rest.repos.createDeployment({
            owner,
            repo,
            ref: release.ref,
            environment: event.environment,
            auto_merge: false,
            // The build was verified by specforge itself; other commit statuses do not gate it.
            required_contexts: [],
            description: describe(`${event.rollback ? "Roll back to" : "Deploy"} ${release.service} ${release.version} (${release.id})`),
            payload: payload as unknown as Record<string, unknown>,
          });
          if (!("id" in data)) throw new Error(data.message ?? "GitHub did not create the deployment");
          deployments.set(key(event), data.id);
          await octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: data.id, state: "in_progress", log_url: target.logUrl, description: "Deploying and checking health" });
        });
        return;
      }
      enqueue(`set the status of the deployment of ${release.id}`, async () => {
        const id = deployments.get(key(event));
        if (id === undefined) throw new Error("the deployment was never created");
        await octokit.rest.repos.createDeploymentStatus({
          owner,
          repo,
          deployment_id: id,
          state: event.stage === "healthy" ? "success" : "failure",
          log_url: target.logUrl,
          description: describe(event.detail || event.stage),
          ...(event.url ? { environment_url: event.url } : {}),
          ...(event.stage === "healthy" ? { auto_inactive: true } : {}),
        });
      });
    },
    /** Waits for every request; says which failed. */
    async finish(): Promise<string[]> {
      await queue;
      return failures;
    },
  };
}

function describe(text: string): string {
  return text.length <= DESCRIPTION_LIMIT ? text : `${text.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}
