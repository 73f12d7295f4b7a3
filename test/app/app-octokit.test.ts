import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppOctokit } from "../../src/app/app-octokit.js";
import { mockGitHub } from "../helpers/github-mock.js";

const DISPATCH = /^\/repos\/octo-org\/octo-repo\/actions\/workflows\/specforge\.yml\/dispatches$/;
const RATE_LIMITED: [number, unknown, Record<string, string>] = [
  403,
  { message: "API rate limit exceeded for installation ID 1.", documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting" },
  { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0" },
];

/** The app's installation client as Probot builds it, with Probot's rate-limit handlers' answers recorded; one retry-after second lasts 1 ms. */
function client(handlers: { onRateLimit?: () => boolean; onSecondaryRateLimit?: () => boolean } = {}) {
  const limits: string[] = [];
  const octokit = new AppOctokit({
    auth: { token: "installation-token" },
    retry: { enabled: false },
    throttle: {
      retryAfterBaseValue: 1,
      onRateLimit: (after: number) => (limits.push(`rate limit, retry after ${after} s`), handlers.onRateLimit?.() ?? true),
      onSecondaryRateLimit: (after: number) => (limits.push(`secondary rate limit, retry after ${after} s`), handlers.onSecondaryRateLimit?.() ?? false),
    },
  });
  return { octokit, limits };
}

const dispatch = (octokit: InstanceType<typeof AppOctokit>, ref = "main") => octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { owner: "octo-org", repo: "octo-repo", workflow_id: "specforge.yml", ref });

describe("the app's installation client", () => {
  let api: ReturnType<typeof mockGitHub>;
  beforeEach(() => {
    nock.disableNetConnect();
    api = mockGitHub();
  });
  afterEach(() => {
    api.done();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("retries a write that hit the rate limit, as Probot's handler asks", async () => {
    let tries = 0;
    api.on("POST", DISPATCH, () => (++tries === 1 ? RATE_LIMITED : [204]));
    const { octokit, limits } = client();
    const { status } = await dispatch(octokit);
    expect(status).toBe(204);
    expect(api.calls()).toEqual(["POST /repos/octo-org/octo-repo/actions/workflows/specforge.yml/dispatches", "POST /repos/octo-org/octo-repo/actions/workflows/specforge.yml/dispatches"]);
    expect(limits).toEqual([expect.stringMatching(/^rate limit, retry after \d+ s$/)]);
    expect(api.invalidRequests()).toEqual([]);
  });

  it("gives up on a secondary rate limit when the handler says not to retry, with GitHub's answer", async () => {
    api.on("POST", DISPATCH, [403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, { "retry-after": "30" }]);
    const { octokit, limits } = client();
    await expect(dispatch(octokit)).rejects.toMatchObject({ status: 403, message: expect.stringContaining("secondary rate limit") });
    expect(limits).toEqual(["secondary rate limit, retry after 30 s"]);
    expect(api.calls()).toHaveLength(1);
  });

  it("keeps two writes of one client a second apart, without holding back another client's", async () => {
    const sent: Array<{ ref: string; at: number }> = [];
    api.on("POST", DISPATCH, (request) => (sent.push({ ref: (request.body as { ref: string }).ref, at: performance.now() }), [204]));
    const first = client().octokit;
    await Promise.all([dispatch(first, "first-a"), dispatch(first, "first-b"), dispatch(client().octokit, "other")]);
    expect(sent.map((s) => s.ref).slice(-1)).toEqual(["first-b"]);
    const [a, b] = ["first-a", "first-b"].map((ref) => sent.find((s) => s.ref === ref)?.at ?? Number.NaN) as [number, number];
    expect(b - a).toBeGreaterThanOrEqual(990);
  });
});
