/** A deploy target from the configuration (`deploy:` in `.github/specforge.yml`, or `--config`). */
export interface DeployTarget {
  /** The environment's name: a GitHub Deployment environment, and a word in reports. */
  environment: string;
  /** The program and its arguments (never a shell string) that deploys `SPECFORGE_SERVICE_DIR`. */
  command: string[];
  /** The service's URL once deployed, when the command does not print it as its last line. */
  url: string;
  health: HealthCheck;
  /** Redeploy the last healthy release when a deploy fails its health check. */
  autoRollback: boolean;
  /** Names of environment variables the command may see (a deploy token, say); nothing else is passed. */
  env: string[];
  /** How long the command may run. */
  timeoutSeconds: number;
}

export interface HealthCheck {
  path: string;
  /** How long to wait for `successes` healthy answers in a row. */
  timeoutSeconds: number;
  intervalMs: number;
  successes: number;
}

export type ReleaseStatus = "pending" | "healthy" | "unhealthy";

/** One deployed (or about to be deployed) build, kept exactly as it was verified. */
export interface Release {
  /** `r1`, `r2`, …: in the order they were made. */
  id: string;
  service: string;
  version: string;
  /** The commit it was built from, when known. */
  ref: string;
  /** Hash of the generated files: two releases with the same hash are the same service. */
  filesHash: string;
  createdAt: string;
  status: ReleaseStatus;
  deployedAt?: string;
  url?: string;
}

/** A step of a deploy as it happens: for publishers that record deployments elsewhere (GitHub Deployments). */
export interface DeployStage {
  stage: "started" | "healthy" | "unhealthy" | "failed";
  release: Release;
  /** true when the release is deployed again to restore it. */
  rollback: boolean;
  url: string;
  detail: string;
}

/** What a deploy did, for reports and `deploy --json`. */
export interface DeployOutcome {
  deployment: { release: string; version: string; status: "healthy" | "unhealthy" | "failed"; url: string; healthyAfterMs: number | null; detail: string };
  rollback?: { from: string; to: string; status: "healthy" | "unhealthy" | "failed" | "refused"; recoveredAfterMs: number | null; detail: string };
}
