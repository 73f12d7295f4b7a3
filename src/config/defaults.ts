import { DEFAULT_RETRY_POLICY } from "../pipeline/types.js";
import { DEFAULT_TARGET } from "../synth/targets.js";
import { DEFAULT_FUZZ_RUNS } from "../verify/types.js";
import type { ResolvedConfig } from "./types.js";

/**
 * The configuration with no `.github/specforge.yml`: the one set of defaults.
 * A user's file is laid over it key by key (`resolveConfig`).
 */
export const DEFAULT_CONFIG: ResolvedConfig = {
  specs: ["**/SPEC.md"],
  approval: "auto",
  // Claude when a key is configured, the offline template generator otherwise.
  generator: { name: "auto", command: [], env: [], timeout_seconds: 600 },
  target: DEFAULT_TARGET,
  model: "",
  approvers: [],
  deploy: {
    environment: "production",
    command: [],
    url: "",
    // The seed waits up to 30 s for a deployed service to answer; three answers in a row count as healthy.
    health: { path: "/health", timeout_seconds: 30, interval_ms: 250, successes: 3 },
    auto_rollback: true,
    env: [],
    timeout_seconds: 600,
  },
  patterns: "",
  approvals: { low: 0, medium: 0, high: 0, critical: 0, count_pusher: false },
  retries: { generate: DEFAULT_RETRY_POLICY.generateAttempts, build: DEFAULT_RETRY_POLICY.buildAttempts, verify: DEFAULT_RETRY_POLICY.verifyAttempts },
  verify: { fuzz: DEFAULT_FUZZ_RUNS },
  workflow: "specforge.yml",
};
