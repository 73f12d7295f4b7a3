import { randomBytes } from "node:crypto";
import { link, open, readFile, rename, stat, unlink, utimes } from "node:fs/promises";
import os from "node:os";
import { PatternStoreError } from "./pattern-store-error.js";

/**
 * An exclusive lock between processes, as a file created with O_EXCL (`wx`),
 * which every local file system creates atomically. The holder writes its pid,
 * host and a random token into it and touches it every `staleMs / 3` while it
 * works, so a lock whose holder died is recognised: at once when the holder
 * was on this host and its pid is gone, otherwise once it has not been touched
 * for `staleMs`. A stale lock is moved aside with rename (atomic: of two
 * waiters, one wins) before a new one is created.
 *
 * Why not a library: the one that fits (proper-lockfile) does the same with
 * mkdir and mtime, but throws from a timer when its lock is lost; here the
 * holder asks {@link StoreLock.isHeld} right before it commits, and refuses to
 * write if another process has taken over.
 */
export interface StoreLockOptions {
  /** A lock not touched for this long is taken to belong to a dead process (default 10 s). */
  staleMs?: number;
  /** How long to wait for the lock before giving up (default 60 s). */
  timeoutMs?: number;
}

export interface StoreLock {
  /** Whether this process still holds the lock: false when another broke it as stale. */
  isHeld(): Promise<boolean>;
  /** Stops touching the lock and removes it, if it is still this process's. */
  release(): Promise<void>;
}

const DEFAULT_STALE_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_RETRY_DELAY_MS = 50;

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

interface LockState {
  owner: LockOwner | null;
  ageMs: number;
  inode: number;
}

export async function acquireStoreLock(lockFile: string, options: StoreLockOptions = {}): Promise<StoreLock> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString("hex") };
  let delayMs = 1;
  for (;;) {
    if (await tryCreate(lockFile, owner)) return holdLock(lockFile, owner, staleMs);
    const state = await readLockState(lockFile);
    if (state === null) continue; // released in between: try again at once
    if (isStale(state, staleMs)) {
      await moveAsideIfUnchanged(lockFile, state);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new PatternStoreError(
        lockFile,
        [`still locked by ${describeOwner(state.owner)} after waiting ${timeoutMs / 1000} s`],
        "another specforge is updating the store; if none is running, remove the lock file",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs * (0.5 + Math.random())));
    delayMs = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS);
  }
}

async function tryCreate(lockFile: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockFile, "wx");
  } catch (error) {
    if (isErrorCode(error, "EEXIST")) return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
  } finally {
    await handle.close();
  }
  return true;
}

function holdLock(lockFile: string, owner: LockOwner, staleMs: number): StoreLock {
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lockFile, now, now).catch(() => undefined);
  }, Math.max(1, Math.floor(staleMs / 3)));
  heartbeat.unref();
  const isHeld = async () => (await readLockState(lockFile))?.owner?.token === owner.token;
  return {
    isHeld,
    release: async () => {
      clearInterval(heartbeat);
      if (await isHeld()) await unlink(lockFile).catch(() => undefined);
    },
  };
}

/** The lock file's owner and age, or null when there is no lock file. */
async function readLockState(lockFile: string): Promise<LockState | null> {
  try {
    const [stats, content] = await Promise.all([stat(lockFile), readFile(lockFile, "utf8")]);
    return { owner: parseOwner(content), ageMs: Date.now() - stats.mtimeMs, inode: stats.ino };
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return null;
    throw error;
  }
}

/** Null while the creator has not written it yet (or for a foreign file). */
function parseOwner(content: string): LockOwner | null {
  try {
    const value = JSON.parse(content) as Partial<LockOwner>;
    return typeof value.pid === "number" && typeof value.host === "string" && typeof value.token === "string" ? (value as LockOwner) : null;
  } catch {
    return null;
  }
}

function isStale(state: LockState, staleMs: number): boolean {
  if (state.ageMs > staleMs) return true;
  return state.owner !== null && state.owner.host === os.hostname() && !isProcessAlive(state.owner.pid);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return isErrorCode(error, "EPERM");
  }
}

/**
 * Moves the stale lock out of the way. If the file moved is not the one judged
 * stale (another waiter broke that one and a new holder created this one in
 * between), it is linked back so its holder keeps it.
 */
async function moveAsideIfUnchanged(lockFile: string, judged: LockState): Promise<void> {
  const aside = `${lockFile}.stale-${randomBytes(6).toString("hex")}`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return;
    throw error;
  }
  if ((await stat(aside)).ino !== judged.inode) await link(aside, lockFile).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function describeOwner(owner: LockOwner | null): string {
  return owner ? `pid ${owner.pid} on ${owner.host}` : "a process that has not written its name";
}

function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
