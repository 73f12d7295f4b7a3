import { readFileSync } from "node:fs";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { toContract } from "../../src/spec/to-contract.js";
import { probeEndpoints } from "../../src/verify/probe-endpoints.js";
import { examplePayload, startApp } from "../helpers/app-harness.js";
import { fakeGitHubState } from "../helpers/fake-github-state.js";
import { mockGitHub } from "../helpers/github-mock.js";
import { repoRoot } from "../helpers/paths.js";

let app: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
  app = await startApp();
});
afterAll(() => app.close());

describe("the app's own UDC endpoints", () => {
  it("pass the verifier that checks generated services, against the app's SPEC", async () => {
    const file = `${repoRoot}/docs/app-SPEC.md`;
    const analyzed = parseSpec(readFileSync(file, "utf8"), file);
    expect(analyzed.findings).toEqual([]);
    const result = await probeEndpoints({ contract: toContract(analyzed.spec), baseUrl: app.baseUrl, specFile: file });
    expect(result.findings).toEqual([]);
    expect(result.endpoints.map((e) => `${e.method} ${e.path} ${e.verified}`)).toEqual([
      "GET /health true",
      "GET /capabilities true",
      "GET /state true",
      "GET /dependencies true",
      "POST /message true",
    ]);
  });

  it("report live values: events handled and the last delivery", async () => {
    const api = mockGitHub();
    fakeGitHubState(api, "/repos/Codertocat/Hello-World");
    const before = (await (await fetch(`${app.baseUrl}/state`)).json()) as { events_handled: number; requests_total: number };
    await app.deliver("push", examplePayload("push", (p) => p["ref"] === "refs/tags/simple-tag"), { id: "delivery-udc" });
    const after = (await (await fetch(`${app.baseUrl}/state`)).json()) as { events_handled: number; requests_total: number; last_delivery: { id: string; name: string } };
    expect(after.events_handled).toBe(before.events_handled + 1);
    expect(after.requests_total).toBe(before.requests_total + 1);
    expect(after.last_delivery).toMatchObject({ id: "delivery-udc", name: "push" });
    api.done();
  });

  it("answers a malformed message with 400 naming the problem", async () => {
    const res = await fetch(`${app.baseUrl}/message`, { method: "POST", body: "[1,2]" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "validation_error", field: "body", detail: "the message must be a JSON object" });
  });
});
