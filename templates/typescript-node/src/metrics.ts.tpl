/** Live counters behind /state and /health. */
export class Metrics {
  readonly startedAt = new Date();
  requestsTotal = 0;
  private errorTimes: number[] = [];

  recordError(now = Date.now()): void {
    this.errorTimes.push(now);
    this.prune(now);
  }

  errorsLastHour(now = Date.now()): number {
    this.prune(now);
    return this.errorTimes.length;
  }

  uptimeSeconds(now = Date.now()): number {
    return Math.floor((now - this.startedAt.getTime()) / 1000);
  }

  private prune(now: number): void {
    const hourAgo = now - 3_600_000;
    while (this.errorTimes.length > 0 && (this.errorTimes[0] as number) < hourAgo) this.errorTimes.shift();
  }
}
