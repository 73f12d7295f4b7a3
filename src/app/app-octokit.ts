import type Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import { QuickLimiter } from "../github/quick-limiter.js";

/**
 * Probot's installation client, with Octokit's throttling kept per client,
 * that is per delivery (Probot makes one for each), instead of in queues per
 * installation shared by every delivery in the process: a delivery's writes
 * are still a second apart and its requests at most 10 at a time.
 *
 * Why: each delivery now makes a bounded number of requests (a push: three
 * reads and one write, the dispatch), so the app's request rate follows
 * GitHub's delivery rate instead of building a backlog. The shared queues
 * made the 200th push of a burst wait for the writes of the 199 before it
 * (200 s), and a shared limiter starts its jobs one timer tick at a time, so
 * even reads queued for seconds: past GitHub's 10 s limit, with the work held
 * in memory after the webhook middleware's 202. They were also per process,
 * so replicas never shared them. GitHub's answers to a real excess (403/429
 * with retry-after, secondary limits) are still honoured by the plugin.
 *
 * The limiters are QuickLimiters (same limits, no timer when a request may
 * go at once). With Redis configured (`REDIS_URL`), Probot's shared Bottleneck
 * queues are kept as they are: that is what clustering asks for.
 */
export const AppOctokit = ProbotOctokit.defaults((options: { throttle?: { connection?: unknown } }) =>
  options.throttle?.connection
    ? options
    : {
        ...options,
        throttle: {
          ...options.throttle,
          // The plugin's limits (plugin-throttling's own groups), one set per client.
          Bottleneck: QuickLimiter as unknown as typeof Bottleneck,
          global: new QuickLimiter.Group({ maxConcurrent: 10 }),
          auth: new QuickLimiter.Group({ maxConcurrent: 1 }),
          search: new QuickLimiter.Group({ maxConcurrent: 1, minTime: 2000 }),
          write: new QuickLimiter.Group({ maxConcurrent: 1, minTime: 1000 }),
          notifications: new QuickLimiter.Group({ maxConcurrent: 1, minTime: 3000 }),
        },
      },
);
