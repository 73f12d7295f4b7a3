import { markChanged, STRATEGY_NAME } from "./pattern-store-format.js";
import type { PatternRecord, PatternStore, RecoveryAttempt, Signature, StrategyStats } from "./types.js";

/**
 * What the store keeps of a pattern's normalised text: enough to recognise it
 * (`specforge patterns signature` shows all of it), small enough that a store
 * of 100,000 patterns loads and saves in well under a second.
 */
export const MAX_SAMPLE_LENGTH = 400;

export function toSample(normalized: string): string {
  return normalized.length <= MAX_SAMPLE_LENGTH ? normalized : `${normalized.slice(0, MAX_SAMPLE_LENGTH - 1)}…`;
}

/** The pattern with this id, if the store has it: one Map lookup. */
export function findPattern(store: PatternStore, id: string): PatternRecord | undefined {
  return store.patterns.get(id);
}

/**
 * Counts one occurrence of a failure: a new pattern the first time, then one
 * more `seen` and a later `lastSeen`. Timestamps never move backwards, so
 * occurrences recorded out of order (two machines) keep the true first and last.
 */
export function recordOccurrence(store: PatternStore, signature: Signature, at: Date): { record: PatternRecord; isNew: boolean } {
  const when = at.toISOString();
  const known = store.patterns.get(signature.id);
  if (known) {
    markChanged(known);
    known.seen += 1;
    if (when < known.firstSeen) known.firstSeen = when;
    if (when > known.lastSeen) known.lastSeen = when;
    return { record: known, isNew: false };
  }
  const record: PatternRecord = {
    id: signature.id,
    class: signature.class,
    phase: signature.phase,
    code: signature.code,
    endpoint: signature.endpoint,
    sample: toSample(signature.normalized),
    seen: 1,
    firstSeen: when,
    lastSeen: when,
    strategies: {},
  };
  store.patterns.set(record.id, record);
  return { record, isNew: true };
}

/**
 * Counts one recovery attempt on a known pattern. The mean recovery time is
 * over the attempts that worked, kept to a tenth of a millisecond so the file
 * stays readable.
 * @throws Error when the pattern is unknown, the strategy name is not a plain name or the duration is negative
 */
export function recordRecovery(store: PatternStore, id: string, attempt: RecoveryAttempt): StrategyStats {
  const record = store.patterns.get(id);
  if (!record) throw new Error(`no pattern ${id} in ${store.dir}: record the occurrence first`);
  if (!(attempt.durationMs >= 0 && Number.isFinite(attempt.durationMs))) throw new Error(`a recovery takes 0 ms or more, not ${attempt.durationMs}`);
  if (!STRATEGY_NAME.test(attempt.strategy)) throw new Error(`strategy name "${attempt.strategy}" must be letters, digits, _ . : - (at most 100)`);
  markChanged(record);
  const stats: StrategyStats = Object.hasOwn(record.strategies, attempt.strategy)
    ? (record.strategies[attempt.strategy] as StrategyStats)
    : (record.strategies[attempt.strategy] = { tried: 0, worked: 0, meanRecoveryMs: null });
  stats.tried += 1;
  if (attempt.worked) {
    const total = (stats.meanRecoveryMs ?? 0) * stats.worked + attempt.durationMs;
    stats.worked += 1;
    stats.meanRecoveryMs = Math.round((total / stats.worked) * 10) / 10;
  }
  return stats;
}
