import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

export const SpecforgeOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof SpecforgeOctokit>;

export interface CreateOctokitOptions {
  auth: string;
  /** The REST root: `GITHUB_API_URL` on a runner (GHES has its own). */
  baseUrl?: string;
  /** Milliseconds per "retry-after" second; tests set 1 to retry without sleeping. */
  retryAfterBaseValue?: number;
  /**
   * GitHub asks for a second between writes; Octokit's throttling enforces it.
   * Tests turn it off to run fast (retries stay on).
   */
  throttle?: boolean;
  log?: { warn: (message: string) => void };
}

/**
 * Octokit with retries on 5xx and rate limits (Octokit's own plugins): a
 * transient GitHub error costs a retry, not a build report.
 */
export function createOctokit(options: CreateOctokitOptions): GitHubClient {
  const base = options.retryAfterBaseValue ?? 1000;
  return new SpecforgeOctokit({
    auth: options.auth,
    userAgent: "specforge",
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    retry: { retryAfterBaseValue: base },
    throttle: {
      enabled: options.throttle ?? true,
      retryAfterBaseValue: base,
      onRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        options.log?.warn(`GitHub rate limit on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        options.log?.warn(`GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter} s`);
        return retryCount < 1;
      },
    },
  });
}
