import type { DeployConfig } from "../config/types.js";
import type { DeployTarget } from "./types.js";

/** The configuration's `deploy:` as the deploy phase takes it; null when it names no command (nothing to deploy). */
export function toDeployTarget(config: DeployConfig): DeployTarget | null {
  if (config.command.length === 0) return null;
  return {
    environment: config.environment,
    command: config.command,
    url: config.url,
    health: { path: config.health.path, timeoutSeconds: config.health.timeout_seconds, intervalMs: config.health.interval_ms, successes: config.health.successes },
    autoRollback: config.auto_rollback,
    env: config.env,
    timeoutSeconds: config.timeout_seconds,
  };
}
