import type { ApprovalMode } from "./approval-modes.js";

/** The configuration after defaults: what the app, the Action and the CLI act on. */
export interface ResolvedConfig {
  /** Globs of SPEC files whose changes start builds. */
  specs: string[];
  approval: ApprovalMode;
  /** `auto` (Claude when a key is configured, else the template), `template` or `claude`. */
  generator: string;
  /** For LLM generators; empty means the generator's own default. */
  model: string;
  /** Logins allowed to run state-changing commands besides people with write access. */
  approvers: string[];
  deploy: { targets: string[] };
  retries: { generate: number; build: number };
  /** The workflow file the app dispatches, under `.github/workflows/`. */
  workflow: string;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** `.github/specforge.yml` as a user writes it: every key optional, laid over the defaults. */
export type SpecforgeConfig = DeepPartial<ResolvedConfig>;
