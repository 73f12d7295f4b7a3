import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { QuickLimiter } from "../../src/github/quick-limiter.js";

/** A job that stays running until `finish` is called, recording when it started (fake time). */
function controllable() {
  const starts: number[] = [];
  const finishers: Array<() => void> = [];
  const job = () =>
    new Promise<string>((resolve) => {
      starts.push(Date.now());
      finishers.push(() => resolve("done"));
    });
  return { job, starts, finishNext: () => (finishers.shift() as () => void)() };
}

/** Lets every pending promise callback run, without moving the fake clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe("QuickLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("starts a job that may start without waiting for a timer", async () => {
    const limiter = new QuickLimiter({ maxConcurrent: 10 });
    let ran = false;
    const result = limiter.schedule(async (value: unknown) => {
      ran = true;
      return value;
    }, "answer");
    // Microtasks only: no timer is advanced.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(ran).toBe(true);
    await expect(result).resolves.toBe("answer");
  });

  it("takes Bottleneck's job options first, and the job's arguments after the job", async () => {
    const limiter = new QuickLimiter();
    await expect(limiter.schedule({ priority: 0, weight: 0 }, async (a: unknown, b: unknown) => `${String(a)}-${String(b)}`, 1, 2)).resolves.toBe("1-2");
  });

  it("runs at most maxConcurrent jobs at once and starts the next as one ends", async () => {
    const limiter = new QuickLimiter({ maxConcurrent: 2 });
    const { job, starts, finishNext } = controllable();
    const results = [limiter.schedule(job), limiter.schedule(job), limiter.schedule(job)];
    await settle();
    expect(starts).toHaveLength(2);
    finishNext();
    await settle();
    expect(starts).toHaveLength(3);
    finishNext();
    finishNext();
    await expect(Promise.all(results)).resolves.toEqual(["done", "done", "done"]);
  });

  it("keeps minTime between the starts of two jobs", async () => {
    const limiter = new QuickLimiter({ maxConcurrent: 1, minTime: 1000 });
    const started = Date.now();
    const ends: Array<Promise<unknown>> = [];
    for (let i = 0; i < 3; i++) ends.push(limiter.schedule(async () => Date.now() - started));
    await settle();
    await vi.advanceTimersByTimeAsync(999);
    await vi.advanceTimersByTimeAsync(1001);
    await expect(Promise.all(ends)).resolves.toEqual([0, 1000, 2000]);
  });

  it("retries a failed job after the delay a `failed` listener answers, and passes it the job's arguments", async () => {
    const limiter = new QuickLimiter();
    const seen: Array<{ args: unknown[]; retryCount: number }> = [];
    limiter.on("failed", (_error, info) => {
      seen.push(info);
      return info.retryCount < 1 ? 500 : undefined;
    });
    let calls = 0;
    const result = limiter.schedule(async (request: unknown) => {
      calls++;
      if (calls < 2) throw new Error("rate limited");
      return `${String(request)} after ${calls} tries`;
    }, "GET /x");
    await settle();
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    await expect(result).resolves.toBe("GET /x after 2 tries");
    expect(seen).toEqual([{ args: ["GET /x"], retryCount: 0 }]);
  });

  it("rejects with the job's own error when no listener asks for a retry", async () => {
    const limiter = new QuickLimiter({ maxConcurrent: 1 });
    limiter.on("failed", () => undefined);
    const failure = new Error("403 Forbidden");
    await expect(limiter.schedule(async () => Promise.reject(failure))).rejects.toBe(failure);
    // The slot was given back.
    await expect(limiter.schedule(async () => "next")).resolves.toBe("next");
  });

  it("gives one limiter per key in a Group, each with the group's limits", async () => {
    const group = new QuickLimiter.Group({ maxConcurrent: 1 });
    expect(group.key("a")).toBe(group.key("a"));
    const { job, starts } = controllable();
    void group.key("a").schedule(job);
    void group.key("a").schedule(job);
    void group.key("b").schedule(job);
    await settle();
    expect(starts).toHaveLength(2);
  });
});
