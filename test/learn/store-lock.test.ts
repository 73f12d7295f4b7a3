import { spawnSync } from "node:child_process";
import { mkdtemp, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireStoreLock } from "../../src/learn/store-lock.js";

const lockPath = async () => path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-lock-")), "patterns.json.lock");
/** The pid of a process that has already exited. */
const exitedPid = () => spawnSync(process.execPath, ["-e", ""]).pid as number;
const settledWithin = (promise: Promise<unknown>, ms: number) => Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

async function foreignLock(file: string, owner: { pid: number; host: string }, ageMs = 0): Promise<void> {
  await writeFile(file, JSON.stringify({ ...owner, token: "foreign" }));
  const touched = new Date(Date.now() - ageMs);
  await utimes(file, touched, touched);
}

describe("acquireStoreLock", () => {
  it("makes a second taker wait until the holder releases", async () => {
    const file = await lockPath();
    const holder = await acquireStoreLock(file);
    const waiter = acquireStoreLock(file, { timeoutMs: 5_000 });
    expect(await settledWithin(waiter, 150)).toBe(false);
    await holder.release();
    expect(await (await waiter).isHeld()).toBe(true);
  });

  it("gives up after its timeout, naming the holder", async () => {
    const file = await lockPath();
    await acquireStoreLock(file);
    await expect(acquireStoreLock(file, { timeoutMs: 100 })).rejects.toThrow(
      `${file}: still locked by pid ${process.pid} on ${os.hostname()} after waiting 0.1 s (another specforge is updating the store; if none is running, remove the lock file)`,
    );
  });

  it("takes over at once a lock whose holder on this host has exited", async () => {
    const file = await lockPath();
    await foreignLock(file, { pid: exitedPid(), host: os.hostname() });
    expect(await (await acquireStoreLock(file, { timeoutMs: 100 })).isHeld()).toBe(true);
  });

  it("does not judge a lock from another host by a pid of this one", async () => {
    const file = await lockPath();
    await foreignLock(file, { pid: exitedPid(), host: "another-host" });
    await expect(acquireStoreLock(file, { timeoutMs: 100 })).rejects.toThrow("still locked by pid");
  });

  it("takes over a lock nobody has touched for longer than staleMs", async () => {
    const file = await lockPath();
    await foreignLock(file, { pid: 1, host: "another-host" }, 60_000);
    expect(await (await acquireStoreLock(file, { staleMs: 10_000, timeoutMs: 100 })).isHeld()).toBe(true);
  });

  it("keeps a lock held longer than staleMs fresh while its holder lives", async () => {
    const file = await lockPath();
    await acquireStoreLock(file, { staleMs: 300 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await expect(acquireStoreLock(file, { staleMs: 300, timeoutMs: 100 })).rejects.toThrow("still locked by pid");
  });

  it("tells a holder it lost the lock, and its release leaves the new holder's lock alone", async () => {
    const file = await lockPath();
    const stalled = await acquireStoreLock(file);
    const past = new Date(Date.now() - 60_000);
    await utimes(file, past, past);
    const successor = await acquireStoreLock(file, { staleMs: 10_000, timeoutMs: 100 });
    await stalled.release();
    expect([await stalled.isHeld(), await successor.isHeld()]).toEqual([false, true]);
  });
});
