/** Live facts about the app behind its UDC endpoints. */
export class AppMetrics {
  readonly startedAt: Date;
  requestsTotal = 0;
  eventsHandled = 0;
  messagesReceived = 0;
  lastDelivery: { id: string; name: string; at: string } | null = null;
  lastGitHubError: { at: string; message: string } | null = null;
  private errorTimes: number[] = [];

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = new Date(now());
  }

  recordDelivery(id: string, name: string): void {
    this.eventsHandled++;
    this.lastDelivery = { id, name, at: new Date(this.now()).toISOString() };
  }

  recordError(message: string): void {
    const at = this.now();
    this.errorTimes.push(at);
    this.lastGitHubError = { at: new Date(at).toISOString(), message: message.slice(0, 200) };
  }

  errorsLastHour(): number {
    const hourAgo = this.now() - 3_600_000;
    this.errorTimes = this.errorTimes.filter((t) => t >= hourAgo);
    return this.errorTimes.length;
  }

  uptimeSeconds(): number {
    return Math.floor((this.now() - this.startedAt.getTime()) / 1000);
  }
}
