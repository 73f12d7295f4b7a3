import Bottleneck from "bottleneck";

export interface QuickLimiterOptions {
  /** Jobs running at once; unbounded when absent. */
  maxConcurrent?: number | null;
  /** Milliseconds between the starts of two jobs. */
  minTime?: number;
}

type Job = (...args: unknown[]) => unknown;
type FailedListener = (error: unknown, info: { args: unknown[]; retryCount: number }) => unknown;

/**
 * The part of Bottleneck's interface that `@octokit/plugin-throttling` uses
 * (`schedule`, the `failed` event whose answer is a retry delay, `Group`,
 * `Events`), with the same limits, but a job that may start starts at once.
 *
 * Why not Bottleneck itself: it passes every job through its datastore with a
 * `setTimeout(0)` at each step, about 5 ms per request when idle and a full
 * event-loop turn per step under load. The plugin runs each request through
 * two or three limiters, so an app delivery of four requests spent ~40 ms in
 * timers, and ~400 ms at p50 in a burst of 200. Bottleneck stays where its
 * Redis clustering is asked for (see app-octokit.ts).
 */
export class QuickLimiter {
  static readonly Events = Bottleneck.Events;
  static readonly Group = class QuickLimiterGroup {
    private readonly limiters = new Map<string, QuickLimiter>();
    constructor(private readonly options: QuickLimiterOptions = {}) {}
    key(id = ""): QuickLimiter {
      let limiter = this.limiters.get(id);
      if (!limiter) {
        limiter = new QuickLimiter(this.options);
        this.limiters.set(id, limiter);
      }
      return limiter;
    }
  };

  private running = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly waiting: Array<() => void> = [];
  private wakeUp: NodeJS.Timeout | undefined;
  private readonly events: Bottleneck.Events;
  /** Set by `Events`: adds a listener; `failed` listeners may answer with a retry delay in milliseconds. */
  declare readonly on: (name: "failed", listener: FailedListener) => this;

  constructor(private readonly options: QuickLimiterOptions = {}) {
    this.events = new Bottleneck.Events(this);
  }

  /** `schedule([jobOptions], job, ...args)`, as Bottleneck takes it; job options (priority, weight, expiration) are not used. */
  schedule(...input: unknown[]): Promise<unknown> {
    const [job, ...args] = (typeof input[0] === "function" ? input : input.slice(1)) as [Job, ...unknown[]];
    return this.runWithRetries(job, args);
  }

  private async runWithRetries(job: Job, args: unknown[]): Promise<unknown> {
    for (let retryCount = 0; ; retryCount++) {
      await this.acquire();
      let failure: { error: unknown } | undefined;
      try {
        return await job(...args);
      } catch (error) {
        failure = { error };
      } finally {
        this.release();
      }
      const delay: unknown = await this.events.trigger("failed", failure.error, { args, retryCount });
      if (typeof delay !== "number") throw failure.error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private acquire(): Promise<void> {
    if (this.waiting.length === 0 && this.mayStart()) {
      this.started();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
  }

  private release(): void {
    this.running--;
    this.pump();
  }

  private mayStart(): boolean {
    const { maxConcurrent, minTime = 0 } = this.options;
    return (maxConcurrent == null || this.running < maxConcurrent) && performance.now() - this.lastStart >= minTime;
  }

  private started(): void {
    this.running++;
    this.lastStart = performance.now();
  }

  /** Starts the jobs that may start; when only the spacing holds the next one back, wakes up when it may. */
  private pump(): void {
    while (this.waiting.length > 0 && this.mayStart()) {
      this.started();
      (this.waiting.shift() as () => void)();
    }
    const { maxConcurrent, minTime = 0 } = this.options;
    if (this.waiting.length === 0 || this.wakeUp || (maxConcurrent != null && this.running >= maxConcurrent)) return;
    this.wakeUp = setTimeout(
      () => {
        this.wakeUp = undefined;
        this.pump();
      },
      Math.max(0, this.lastStart + minTime - performance.now()),
    );
  }
}
