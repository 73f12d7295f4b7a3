import nock from "nock";
import { afterAll, afterEach, beforeAll, vi } from "vitest";

/** A file of Action tests: GitHub only through nock (loopback stays open for the verifier), env and exit code reset after each test. */
export function actionSuite(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterAll(() => nock.enableNetConnect());
  afterEach(() => {
    vi.unstubAllEnvs();
    process.exitCode = undefined;
  });
}
