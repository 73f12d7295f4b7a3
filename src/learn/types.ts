/**
 * What a failure looks like once it is learned from: its signature (a stable
 * id computed from normalised text) and the record the pattern store keeps
 * for it.
 */

/** What a signature is computed from: an error output or a finding, with where it happened. */
export interface SignatureInput {
  /** The error output or message, as printed. */
  text: string;
  /** The pipeline phase ("build", "verify"…). */
  phase?: string;
  /** The finding's error code ("E2004"…). */
  code?: string;
  /** The endpoint the failure is about ("GET /health"). */
  endpoint?: string;
}

/**
 * A failure's identity. `id` is a hash of `phase`, `code`, `endpoint` and
 * `normalized`, so the same root cause gets the same id on every machine.
 */
export interface Signature {
  /** 16 hex characters (64 bits of SHA-256). */
  id: string;
  /** The error class recognised, for people: `tsc TS2322`, `node EADDRINUSE`, `npm EUSAGE`, `node:test timeout`, `service crash`, `text`… */
  class: string;
  /** The text the id was computed from: the output with everything that varies between runs replaced. */
  normalized: string;
  phase: string | null;
  code: string | null;
  endpoint: string | null;
}

/** How one recovery strategy has fared on one pattern. */
export interface StrategyStats {
  tried: number;
  worked: number;
  /** Mean time to recover over the attempts that worked (ms, one decimal); null until one has. */
  meanRecoveryMs: number | null;
}

/** One learned failure pattern, as `patterns.json` keeps it. */
export interface PatternRecord {
  id: string;
  class: string;
  phase: string | null;
  code: string | null;
  endpoint: string | null;
  /**
   * The normalised text of the failure (what the id was computed from): the
   * same on every machine, and free of local paths and quoted values.
   */
  sample: string;
  /** How many times it has been seen. */
  seen: number;
  /** ISO 8601 timestamps. */
  firstSeen: string;
  lastSeen: string;
  /** By strategy name. */
  strategies: Record<string, StrategyStats>;
}

/** A pattern store in memory: lookups by id are one Map access. */
export interface PatternStore {
  /** The store's folder (`--patterns DIR`). */
  dir: string;
  patterns: Map<string, PatternRecord>;
}

/** One attempt at recovering from a pattern. */
export interface RecoveryAttempt {
  strategy: string;
  worked: boolean;
  durationMs: number;
}
