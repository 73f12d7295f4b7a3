import type { ApprovalMode } from "./approval-modes.js";

/** The configuration after defaults: what the app, the Action and the CLI act on. */
export interface ResolvedConfig {
  /** Globs of SPEC files whose changes start builds. */
  specs: string[];
  approval: ApprovalMode;
  /**
   * `generator: auto` (Claude when a key is configured, else the template), `template`, `claude`,
   * or `generator: { command: [program, ...args] }`: read into one shape.
   */
  generator: GeneratorConfig;
  /** The kind of service generated: `typescript-node` or `python-fastapi`. */
  target: string;
  /** For LLM generators; empty means the generator's own default. */
  model: string;
  /** Logins allowed to run state-changing commands besides people with write access. */
  approvers: string[];
  /** Where a verified build goes; no `command` means no deploy phase. Keys as in the file. */
  deploy: DeployConfig;
  /**
   * The pattern store: a folder (in GitHub, in the repository) where failures are learned
   * (`patterns.json`, `prevention/`); empty: nothing is remembered between runs.
   */
  patterns: string;
  /** How many distinct people must /approve before deploy, by the risk grade of the SPEC change. */
  approvals: ApprovalsConfig;
  retries: { generate: number; build: number; verify: number };
  /** `fuzz`: generated requests per endpoint in the verify phase (0 turns them off). */
  verify: { fuzz: number };
  /** The workflow file the app dispatches, under `.github/workflows/`. */
  workflow: string;
}

export interface GeneratorConfig {
  name: string;
  /** For `command`: the program and its arguments, never a shell string. */
  command: string[];
  /** Environment variables the command may see (a model's key, an endpoint). */
  env: string[];
  timeout_seconds: number;
}

export interface DeployConfig {
  environment: string;
  /** The program and its arguments, never a shell string; empty: nothing is deployed. */
  command: string[];
  url: string;
  health: { path: string; timeout_seconds: number; interval_ms: number; successes: number };
  auto_rollback: boolean;
  /** Environment variables the command may see (deploy credentials). */
  env: string[];
  timeout_seconds: number;
}

export interface ApprovalsConfig {
  low: number;
  medium: number;
  high: number;
  critical: number;
  /** Whether the person who pushed the change may be one of the approvers. */
  count_pusher: boolean;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** `.github/specforge.yml` as a user writes it: every key optional, laid over the defaults. */
export type SpecforgeConfig = DeepPartial<ResolvedConfig>;
