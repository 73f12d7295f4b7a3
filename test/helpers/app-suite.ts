import nock from "nock";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { startApp } from "./app-harness.js";
import { fakeGitHubState, type FakeGitHubOptions } from "./fake-github-state.js";
import { mockGitHub } from "./github-mock.js";

/**
 * The app under test for a whole file: started once, GitHub faked afresh by
 * `github()` in each test, and after each test every request it made checked
 * against GitHub's REST description.
 */
export function appSuite(defaultRepo: string) {
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  let api: ReturnType<typeof mockGitHub> | undefined;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    app = await startApp();
  });
  afterAll(() => app?.close());
  afterEach(() => {
    if (!api) return;
    expect(api.invalidRequests()).toEqual([]);
    api.done();
    api = undefined;
  });
  return {
    get app() {
      if (!app) throw new Error("the app is not started yet");
      return app;
    },
    get api() {
      if (!api) throw new Error("call github() first");
      return api;
    },
    github(options: FakeGitHubOptions = {}, repo = defaultRepo) {
      api = mockGitHub();
      return fakeGitHubState(api, repo, options);
    },
  };
}
