import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";

/**
 * Probot's installation client, with GitHub's one-second spacing between
 * writes kept per client, that is per delivery (Probot makes one for each),
 * instead of in one queue per installation shared by every delivery.
 *
 * Why: each delivery now makes a bounded number of writes (a push: one
 * dispatch), so the app's write rate follows GitHub's delivery rate, not a
 * backlog. A shared queue made the 200th push of a burst wait 200 s for
 * writes of the 199 before it, past GitHub's 10 s limit, with the work held in
 * memory after the webhook middleware's 202; it was also per process, so
 * replicas never shared it. GitHub's answers to a real excess (403/429 with
 * retry-after, secondary limits) are still honoured by the throttling plugin.
 */
export const AppOctokit = ProbotOctokit.defaults((options: { throttle?: object }) => ({
  ...options,
  throttle: { ...options.throttle, write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 1000 }) },
}));
