import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import type { StrategyStats } from "../learn/types.js";
import type { PhaseName } from "./types.js";

/**
 * The ways a run can recover from a failed attempt. Each says which failures
 * it can help with and from which phase the run goes on after it.
 */
export const STRATEGY_NAMES = ["retry", "regenerate-with-findings", "clean-install", "longer-start-timeout", "fallback-template"] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export interface Failure {
  phase: PhaseName;
  findings: Finding[];
}

/** What a strategy may know of the run when it decides whether it applies. */
export interface RecoveryFacts {
  /** The generator writes different files when asked again (an LLM, a command). */
  generatorCanChange: boolean;
  /** The template generator is not already the one in use. */
  canFallBack: boolean;
}

interface Strategy {
  name: StrategyName;
  applies(failure: Failure, facts: RecoveryFacts): boolean;
  resumeFrom(failure: Failure): PhaseName;
}

const has = (failure: Failure, ...codes: string[]) => failure.findings.some((f) => f.severity === "error" && codes.includes(f.code));

/** In default order: the first that applies is tried when the store has no record for the failure. */
const STRATEGIES: readonly Strategy[] = [
  {
    // The generator threw, or an install hit the network: the same step again may do.
    name: "retry",
    applies: (failure) => failure.phase === "generate" || (failure.phase === "build" && has(failure, ErrorCode.BuildEnvSetupFailed, ErrorCode.BuildTimeout)),
    resumeFrom: (failure) => failure.phase,
  },
  {
    // A generator that can do better with the errors in hand writes the service again.
    name: "regenerate-with-findings",
    applies: (failure, facts) => facts.generatorCanChange && (failure.phase === "build" || failure.phase === "verify"),
    resumeFrom: () => "generate",
  },
  {
    // A broken or half-written install: remove it and install from scratch, without the install cache.
    name: "clean-install",
    applies: (failure) => failure.phase === "build" && has(failure, ErrorCode.BuildEnvSetupFailed, ErrorCode.BuildCompilationError),
    resumeFrom: () => "build",
  },
  {
    // A service that is slow to come up on a busy machine.
    name: "longer-start-timeout",
    applies: (failure) => failure.phase === "verify" && failure.findings.some((f) => f.code === ErrorCode.BuildTimeout && f.subject === "GET /health"),
    resumeFrom: () => "verify",
  },
  {
    // What an LLM or a command wrote does not hold: the deterministic template does.
    name: "fallback-template",
    applies: (failure, facts) => facts.canFallBack && failure.phase !== "deploy",
    resumeFrom: () => "generate",
  },
];

export interface StrategyChoice {
  name: StrategyName;
  resumeFrom: PhaseName;
  /** "regenerate-with-findings worked 2/2" or "no record yet": why it was chosen, for the report. */
  record: string;
}

/**
 * The strategies that apply to a failure, best first: by their record on this
 * failure's pattern (worked/tried, counted with one success and one failure
 * added so one lucky try does not outrank a long record), a strategy never
 * tried counting as even, ties in default order. `allowed` says whether the
 * run's limits leave room to go on from a phase.
 */
export function rankStrategies(failure: Failure, facts: RecoveryFacts, record: Readonly<Record<string, StrategyStats>>, allowed: (resumeFrom: PhaseName, strategy: StrategyName) => boolean): StrategyChoice[] {
  const score = (name: string) => {
    const stats = record[name];
    return stats ? (stats.worked + 1) / (stats.tried + 2) : 0.5;
  };
  return STRATEGIES.map((strategy, order) => ({ strategy, order, score: score(strategy.name) }))
    .filter(({ strategy }) => strategy.applies(failure, facts) && allowed(strategy.resumeFrom(failure), strategy.name))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ strategy }) => {
      const stats = record[strategy.name];
      return {
        name: strategy.name,
        resumeFrom: strategy.resumeFrom(failure),
        record: stats ? `${strategy.name} worked ${stats.worked}/${stats.tried}` : `${strategy.name}: no record yet for this pattern`,
      };
    });
}
