import { describe, expect, it } from "vitest";
import { validateGitHubRequest } from "../helpers/github-openapi.js";

// The request checker is itself a test tool: show that it rejects what GitHub would.
describe("the GitHub request checker", () => {
  it("accepts a valid check run", () => {
    expect(validateGitHubRequest({ method: "POST", path: "/repos/o/r/check-runs", body: { name: "x", head_sha: "abc", status: "in_progress" } })).toEqual([]);
  });

  it("rejects a path the API does not have", () => {
    expect(validateGitHubRequest({ method: "GET", path: "/repos/o/r/check-runz", body: undefined })).toEqual(["GET /repos/o/r/check-runz: no such path in GitHub's REST API"]);
  });

  it("rejects a method the path does not take", () => {
    expect(validateGitHubRequest({ method: "DELETE", path: "/repos/o/r/check-runs", body: undefined })[0]).toContain("the API has no DELETE");
  });

  it("rejects a body without a required field", () => {
    expect(validateGitHubRequest({ method: "POST", path: "/repos/o/r/check-runs", body: { name: "x" } })[0]).toContain("must have required property 'head_sha'");
  });

  it("rejects an illegal enum value", () => {
    expect(validateGitHubRequest({ method: "PATCH", path: "/repos/o/r/check-runs/1", body: { conclusion: "passed" } })[0]).toContain("must be equal to one of the allowed values");
  });

  it("rejects more than 50 annotations in one request", () => {
    const annotation = { path: "SPEC.md", start_line: 1, end_line: 1, annotation_level: "warning", message: "m" };
    const body = { output: { title: "t", summary: "s", annotations: Array.from({ length: 51 }, () => annotation) } };
    expect(validateGitHubRequest({ method: "PATCH", path: "/repos/o/r/check-runs/1", body })[0]).toContain("must NOT have more than 50 items");
  });

  it("rejects an illegal query value", () => {
    expect(validateGitHubRequest({ method: "GET", path: "/repos/o/r/pulls?state=opened", body: undefined })[0]).toContain("query state=opened");
  });
});
