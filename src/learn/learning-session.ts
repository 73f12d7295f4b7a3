import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathExists } from "../core/path-exists.js";
import { loadPatternStore, PREVENTION_DIR, updatePatternStore } from "./pattern-store.js";
import { findPattern, recordOccurrence, recordRecovery } from "./record-pattern.js";
import type { PatternRecord, PatternStore, Signature, StrategyStats } from "./types.js";

/** A prevention test that was seen to fail on the failing build and to pass on the recovered one. */
export interface KeptPreventionTest {
  patternId: string;
  service: string;
  /** The test file's text. */
  content: string;
}

/**
 * What one run learns, kept in memory while it runs and written to the store
 * once at the end, under the store's lock, as increments: two runs that end
 * at the same time both count. Strategy choices during the run see the store
 * as it was when the run started plus what this run has seen so far.
 */
export class LearningSession {
  private readonly occurrences: Array<{ signature: Signature; at: Date }> = [];
  private readonly recoveries: Array<{ id: string; strategy: string; worked: boolean; durationMs: number }> = [];
  private readonly prevention: KeptPreventionTest[] = [];
  /** The store as loaded, with this run's increments applied: for lookups only. */
  private readonly view: PatternStore;
  /** Patterns the store had when the run started: the others are new. */
  private readonly known: ReadonlySet<string>;

  private constructor(
    readonly dir: string | null,
    loaded: PatternStore,
  ) {
    this.view = loaded;
    this.known = new Set(loaded.patterns.keys());
  }

  isNew(id: string): boolean {
    return !this.known.has(id);
  }

  /** A session on the store in `dir`; without a store, one that learns for this run only. */
  static async open(dir: string | null): Promise<LearningSession> {
    return new LearningSession(dir, dir ? await loadPatternStore(dir) : { dir: "", patterns: new Map() });
  }

  occurred(signature: Signature, at: Date): PatternRecord {
    this.occurrences.push({ signature, at });
    return recordOccurrence(this.view, signature, at).record;
  }

  recovered(id: string, strategy: string, worked: boolean, durationMs: number): void {
    this.recoveries.push({ id, strategy, worked, durationMs });
    recordRecovery(this.view, id, { strategy, worked, durationMs });
  }

  keepPreventionTest(test: KeptPreventionTest): void {
    if (!this.prevention.some((t) => t.patternId === test.patternId && t.service === test.service)) this.prevention.push(test);
  }

  strategyStats(id: string): Readonly<Record<string, StrategyStats>> {
    return findPattern(this.view, id)?.strategies ?? {};
  }

  pattern(id: string): PatternRecord | undefined {
    return findPattern(this.view, id);
  }

  /** Prevention tests the store already has for a service: `prevention/<service>/*.test.mjs`. */
  preventionDir(service: string): string | null {
    return this.dir ? path.join(this.dir, PREVENTION_DIR, service) : null;
  }

  /** The patterns this run touched, as the store now counts them (after `save`). */
  touched(): PatternRecord[] {
    const ids = [...new Set(this.occurrences.map((o) => o.signature.id))];
    return ids.flatMap((id) => this.view.patterns.get(id) ?? []);
  }

  /** Whether the run learned anything to write. */
  get hasNews(): boolean {
    return this.occurrences.length > 0 || this.prevention.length > 0;
  }

  /**
   * Writes what the run learned: the counts as increments on the store as it
   * is now (another run may have written since this one started), and the
   * kept prevention tests that are not there yet. Returns the paths of the
   * tests written, relative to the store. `dir`: another copy of the store to
   * apply the same increments to (the repository's, when it moved on).
   */
  async save(dir: string | null = this.dir): Promise<string[]> {
    if (!dir || !this.hasNews) return [];
    return updatePatternStore(dir, async (store) => {
      for (const { signature, at } of this.occurrences) recordOccurrence(store, signature, at);
      for (const { id, strategy, worked, durationMs } of this.recoveries) recordRecovery(store, id, { strategy, worked, durationMs });
      // The store's counts are the truth from here on: the view shows them.
      for (const id of new Set(this.occurrences.map((o) => o.signature.id))) {
        const record = store.patterns.get(id);
        if (record) this.view.patterns.set(id, structuredClone(record));
      }
      const written: string[] = [];
      for (const test of this.prevention) {
        const relative = path.join(PREVENTION_DIR, test.service, `${test.patternId}.test.mjs`);
        const file = path.join(dir, relative);
        // One test per pattern and service: a later run that recovers the same way adds nothing.
        if (await pathExists(file)) continue;
        await mkdir(path.dirname(file), { recursive: true });
        // Written beside and renamed: a crash leaves no half-written test.
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, test.content);
        await rename(temporary, file);
        written.push(relative.split(path.sep).join("/"));
      }
      return written;
    });
  }
}
