import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { toContract } from "../../src/spec/to-contract.js";
import { SHAPE_ONLY_CHECKS, type VerifyChecks } from "../../src/verify/types.js";
import { verifyService } from "../../src/verify/verify-service.js";
import { fixture } from "../helpers/paths.js";
import { trackingRunner, waitUntilGone } from "../helpers/process-tracking.js";

const specFile = fixture("specs/minimal.md");
const contract = toContract(parseSpec(readFileSync(specFile, "utf8"), specFile).spec);

let runner = trackingRunner();
afterEach(async () => {
  for (const p of runner.started) expect(await waitUntilGone(p.pid), `process ${p.pid} left behind`).toBe(true);
  runner = trackingRunner();
});

/** The baseline checks (status and shape) unless a test asks for more; `deeper-checks.test.ts` has the others. */
const verify = (service: string, readyTimeoutMs = 5_000, checks: Partial<VerifyChecks> = SHAPE_ONLY_CHECKS) =>
  verifyService({ serviceDir: fixture("services"), entry: fixture("services", service), contract, runner, specFile, readyTimeoutMs, checks });

describe("verifying a service against its SPEC", () => {
  it("passes a service that answers every endpoint as documented, every check included", async () => {
    const result = await verify("good.mjs", 5_000, { fuzzRuns: 10 });
    expect(result.findings).toEqual([]);
    expect(result.endpoints.map((e) => [e.method, e.path, e.verified])).toEqual([
      ["GET", "/health", true],
      ["GET", "/capabilities", true],
      ["GET", "/state", true],
      ["GET", "/dependencies", true],
      ["POST", "/message", true],
      ["POST", "/notes", true],
      ["GET", "/notes/{note_id}", true],
    ]);
  });

  it("reads a created resource back with the id the service returned", async () => {
    const result = await verify("good.mjs");
    expect(result.endpoints.find((e) => e.path === "/notes/{note_id}")).toMatchObject({ verified: true, status: 200 });
  });

  it("catches a wrong status, naming the endpoint, the expectation and the SPEC line", async () => {
    const result = await verify("wrong-status.mjs");
    expect(result.findings).toEqual([
      expect.objectContaining({ code: "E3004", line: 18, subject: "GET /state", message: 'GET /state: expected a 2xx status, got 500: {"error":"boom"}' }),
    ]);
  });

  it("catches a missing key", async () => {
    const result = await verify("missing-key.mjs");
    expect(result.findings.map((f) => f.message)).toEqual([
      'GET /capabilities: response does not match the documented example: missing key "udc_version" (string key)',
    ]);
    expect(result.findings[0]?.line).toBe(13);
  });

  it("catches values of the wrong type", async () => {
    const result = await verify("wrong-type.mjs");
    expect(result.findings.map((f) => f.message)).toEqual([
      'POST /notes: response does not match the documented example: "note_id" should be string, got number; "pinned" should be boolean, got string',
      "GET /notes/{note_id}: not probed: no note_id to address, because POST /notes did not return a usable one",
    ]);
  });

  it("catches a missing endpoint as E3002", async () => {
    const result = await verify("missing-endpoint.mjs");
    expect(result.findings).toEqual([expect.objectContaining({ code: "E3002", line: 28, message: 'POST /message: expected the endpoint to exist, got 404: {"error":"not_found"}' })]);
  });

  it("reports a crash at start with its exit code and what it printed", async () => {
    const result = await verify("crash.mjs");
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({ code: "E2001", message: "the service exited (code 3) before answering GET /health: Error: cannot find configuration file config.yml" }),
    ]);
    expect(result.endpoints.every((e) => !e.verified && e.detail === "not probed: the service did not start")).toBe(true);
  });

  it("gives up on a service that never answers, within the bound, and stops it", async () => {
    const result = await verify("hang.mjs", 1_500);
    expect(result.findings).toEqual([
      expect.objectContaining({ code: "E2005", message: "the service did not answer GET /health within 1.5 s; it printed: warming up forever" }),
    ]);
  });

  it("stops the processes the service started, too", async () => {
    const result = await verify("spawns-child.mjs");
    expect(result.ok).toBe(true);
    const childPid = Number(/child-pid=(\d+)/.exec(runner.started[0]?.output() ?? "")?.[1]);
    expect(childPid).toBeGreaterThan(0);
    expect(await waitUntilGone(childPid)).toBe(true);
  });
});
