import { describe, expect, it } from "vitest";
import { endpointsText, parseEndpointsText } from "../../src/github/check-run-output.js";
import { GITHUB_LIMITS } from "../../src/github/limits.js";
import type { EndpointResult } from "../../src/verify/types.js";

const endpoint = (i: number, ok: boolean): EndpointResult => ({
  method: "GET",
  path: `/items/${i}`,
  verified: ok,
  detail: ok ? "200, shape matches the documented example" : "expected 404 for an unknown id, got 200",
  line: i,
  status: 200,
  checks: [
    { kind: "status", ok: true, detail: "200", source: "spec" },
    { kind: "fuzz", ok, detail: ok ? "50 generated requests, none answered 5xx or hung (seed 7)" : "expected no 5xx, got 500 for GET /items/x", source: "inferred" },
  ],
});

describe("the endpoint results kept in the verify check run's text", () => {
  it("keep the details of failed checks only", () => {
    expect(parseEndpointsText(endpointsText([endpoint(1, true), endpoint(2, false)]))?.map((e) => e.checks.map((c) => c.detail))).toEqual([
      ["", ""],
      ["", "expected no 5xx, got 500 for GET /items/x"],
    ]);
  });

  it("fit GitHub's limit for a SPEC with very many endpoints, keeping every verdict", () => {
    const many = Array.from({ length: 250 }, (_, i) => endpoint(i, i % 2 === 0));
    const text = endpointsText(many);
    expect(text.length).toBeLessThanOrEqual(GITHUB_LIMITS.checkRunText);
    expect(parseEndpointsText(text)?.map((e) => [e.verified, e.checks.length])).toEqual(many.map((e) => [e.verified, 0]));
  });
});
