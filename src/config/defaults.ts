import { DEFAULT_RETRY_POLICY } from "../pipeline/types.js";
import type { ResolvedConfig } from "./types.js";

/**
 * The configuration with no `.github/specforge.yml`: the one set of defaults.
 * A user's file is laid over it key by key (`resolveConfig`).
 */
export const DEFAULT_CONFIG: ResolvedConfig = {
  specs: ["**/SPEC.md"],
  approval: "auto",
  // Claude when a key is configured, the offline template generator otherwise.
  generator: "auto",
  model: "",
  approvers: [],
  deploy: { targets: [] },
  retries: { generate: DEFAULT_RETRY_POLICY.generateAttempts, build: DEFAULT_RETRY_POLICY.buildAttempts },
  workflow: "specforge.yml",
};
