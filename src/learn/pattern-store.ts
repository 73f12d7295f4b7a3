import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { PatternStoreError } from "./pattern-store-error.js";
import { parsePatternStore, serializePatternStore } from "./pattern-store-format.js";
import { acquireStoreLock, type StoreLock, type StoreLockOptions } from "./store-lock.js";
import type { PatternStore } from "./types.js";

/**
 * The pattern store is a folder (`--patterns DIR`): `patterns.json` (see
 * pattern-store-format.ts) and `prevention/`, where prevention tests go.
 * Readers never need the lock: the file is only ever replaced whole, by rename.
 */
export const PATTERNS_FILE = "patterns.json";
export const PREVENTION_DIR = "prevention";
const LOCK_FILE = `${PATTERNS_FILE}.lock`;

/**
 * The store as it is on disk; an empty one when the folder or file does not exist yet.
 * @throws PatternStoreError when `patterns.json` is not a valid store
 */
export async function loadPatternStore(dir: string): Promise<PatternStore> {
  const file = path.join(dir, PATTERNS_FILE);
  const text = await readIfExists(file);
  return { dir, patterns: text === null ? new Map() : parsePatternStore(text, file) };
}

async function readIfExists(file: string): Promise<string | null> {
  return readFile(file, "utf8").catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  });
}

/**
 * Reads the store, applies `change` to it and writes it back, all under the
 * store's lock, so that two processes updating it at once lose no counts.
 * The new file is written beside the old one and renamed over it: a reader or
 * a crash sees the old store or the new one, never half of one. Nothing is
 * written when `change` throws, when the file was not a valid store, or when
 * the store is unchanged.
 *
 * @example
 * await updatePatternStore(dir, (store) => {
 *   const { record } = recordOccurrence(store, computeSignature({ text: output, phase: "build" }), new Date());
 *   recordRecovery(store, record.id, { strategy: "retry", worked: true, durationMs: 1200 });
 * });
 */
export async function updatePatternStore<T>(dir: string, change: (store: PatternStore) => T | Promise<T>, lockOptions?: StoreLockOptions): Promise<T> {
  await mkdir(dir, { recursive: true });
  const lock = await acquireStoreLock(path.join(dir, LOCK_FILE), lockOptions);
  try {
    const file = path.join(dir, PATTERNS_FILE);
    const before = await readIfExists(file);
    const store: PatternStore = { dir, patterns: before === null ? new Map() : parsePatternStore(before, file) };
    const result = await change(store);
    const after = serializePatternStore(store.patterns.values());
    await mkdir(path.join(dir, PREVENTION_DIR), { recursive: true });
    if (after !== before) await replaceFile(file, after, lock);
    return result;
  } finally {
    await lock.release();
  }
}

async function replaceFile(file: string, content: string, lock: StoreLock): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const handle = await open(temporary, "w");
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Another process may have taken the lock over as stale while this one was stalled:
    // then its counts are the newer ones, and writing these would lose them.
    if (!(await lock.isHeld())) throw new PatternStoreError(file, ["the store's lock was taken over by another process while this update ran; nothing was written"], "");
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
