import nock from "nock";
import { validateGitHubRequest, type RecordedRequest } from "./github-openapi.js";

export type Reply = [status: number, body?: unknown, headers?: Record<string, string>];
type Handler = (request: RecordedRequest, match: RegExpExecArray) => Reply;

/**
 * A fake GitHub REST API on nock: routes answer in the order they are
 * declared, every request is recorded, and every request is checked against
 * GitHub's own REST description. Call `done()` at the end of each test.
 */
export function mockGitHub(baseUrl = "https://api.github.com") {
  const requests: RecordedRequest[] = [];
  const routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];
  const scope = nock(baseUrl).persist();
  const respond = function (this: nock.ReplyFnContext, uri: string, body: nock.Body) {
    const method = this.req.method;
    const parsed = typeof body === "string" && body !== "" ? JSON.parse(body) : body === "" ? undefined : body;
    const request: RecordedRequest = { method, path: uri, body: parsed };
    requests.push(request);
    const pathname = new URL(uri, baseUrl).pathname;
    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(pathname) : null;
      if (match) return route.handler(request, match) as unknown as nock.ReplyFnResult;
    }
    return [599, { message: `no mock for ${method} ${uri}` }] as nock.ReplyFnResult;
  };
  for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) scope.intercept(() => true, method).reply(respond);

  const api = {
    requests,
    on(method: string, pattern: RegExp, handler: Handler | Reply) {
      routes.push({ method, pattern, handler: typeof handler === "function" ? handler : () => handler });
      return api;
    },
    /** "METHOD /path" for each request, query string dropped. */
    calls: () => requests.map((r) => `${r.method} ${new URL(r.path, baseUrl).pathname}`),
    /** Requests the real API would reject, with why. */
    invalidRequests: () => requests.flatMap((r) => validateGitHubRequest(r)),
    done() {
      scope.persist(false);
      nock.cleanAll();
    },
  };
  return api;
}
