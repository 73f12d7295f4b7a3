import { readFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { analyzeSpecFile } from "../../src/spec/analyze-spec-file.js";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { toContract, type Contract } from "../../src/spec/to-contract.js";
import type { VerifyChecks } from "../../src/verify/types.js";
import { verifyService } from "../../src/verify/verify-service.js";
import { fixture } from "../helpers/paths.js";
import { trackingRunner, waitUntilGone } from "../helpers/process-tracking.js";

const minimalSpec = fixture("specs/minimal.md");
const minimal = toContract(parseSpec(readFileSync(minimalSpec, "utf8"), minimalSpec).spec);
const openapiSpec = fixture("specs/notes-openapi.yaml");
let openapi: Contract;
beforeAll(async () => {
  openapi = toContract((await analyzeSpecFile(openapiSpec)).spec);
});

let runner = trackingRunner();
afterEach(async () => {
  for (const p of runner.started) expect(await waitUntilGone(p.pid), `process ${p.pid} left behind`).toBe(true);
  runner = trackingRunner();
});

/** Every check, with few generated requests and a short hang limit: these services answer in a millisecond. */
const verify = (service: string, checks: Partial<VerifyChecks> = {}, contract = minimal, specFile = minimalSpec) =>
  verifyService({ serviceDir: fixture("services"), entry: fixture("services", service), contract, runner, specFile, readyTimeoutMs: 5_000, checks: { fuzzRuns: 10, fuzzTimeoutMs: 500, ...checks } });

const messages = (result: Awaited<ReturnType<typeof verify>>) => result.findings.map((f) => f.message);

describe("checks beyond status and shape", () => {
  it("refuses no body for lacking a field only inferred as required", async () => {
    const result = await verify("accepts-invalid-body.mjs", { fuzzRuns: 0 });
    expect(result.findings).toEqual([]);
    expect(result.endpoints.find((e) => e.path === "/notes" && e.method === "POST")?.checks.find((c) => c.kind === "invalid-body")).toEqual({ kind: "invalid-body", ok: true, detail: "malformed JSON → 400", source: "inferred" });
  });

  it("lists each check of an endpoint with where its expectation came from", async () => {
    const result = await verify("good.mjs");
    const read = result.endpoints.find((e) => e.path === "/notes/{note_id}");
    expect(read?.checks.map((c) => [c.kind, c.ok, c.source])).toEqual([
      ["status", true, "spec"],
      ["shape", true, "spec"],
      ["schema", true, "inferred"],
      ["not-found", true, "inferred"],
      ["fuzz", true, "inferred"],
    ]);
    expect(read?.checks.find((c) => c.kind === "not-found")?.detail).toBe("404 for an unknown note_id");
  });

  it("takes the expectations of an OpenAPI document's schemas and error responses as the SPEC's", async () => {
    const result = await verify("good.mjs", {}, openapi, openapiSpec);
    expect(result.findings).toEqual([]);
    const create = result.endpoints.find((e) => e.path === "/notes" && e.method === "POST");
    expect(create?.checks.map((c) => [c.kind, c.source, c.detail])).toEqual([
      ["status", "spec", "200"],
      ["shape", "inferred", "matches the documented example"],
      ["schema", "spec", "response satisfies the SPEC's JSON Schema"],
      ["invalid-body", "spec", 'malformed JSON → 400; a body without "title" → 400'],
      ["fuzz", "inferred", expect.stringMatching(/^10 generated requests, none answered 5xx or hung \(seed -?\d+\)$/)],
    ]);
  });

  it("catches a value the SPEC's schema forbids though its JSON type is right", async () => {
    const result = await verify("bad-timestamp.mjs", {}, openapi, openapiSpec);
    expect(result.findings).toEqual([
      {
        code: "E3004",
        severity: "error",
        message: 'POST /notes: schema check: response does not satisfy the SPEC\'s JSON Schema: "created_at" must match format "date-time", got "yesterday"',
        file: openapiSpec,
        line: 8,
        subject: "POST /notes",
      },
    ]);
  });

  it("catches an unknown id answered with 200 instead of 404", async () => {
    const result = await verify("no-404.mjs");
    expect(messages(result)).toEqual([
      'GET /notes/{note_id}: not-found check: expected 404 for an unknown note_id (GET /notes/00000000-0000-4000-8000-000000000000), got 200: {"note_id":"00000000-0000-4000-8000-000000000000","title":"","body":"","pinned":false}',
    ]);
    expect(result.findings[0]).toMatchObject({ code: "E3004", line: 44 });
  });

  it("catches a malformed body answered with 500, on every endpoint that takes one", async () => {
    const result = await verify("crashes-on-malformed-body.mjs", { fuzzRuns: 0 });
    expect(messages(result)).toEqual([
      'POST /message: invalid-body check: expected a 4xx answer to malformed JSON, got 500: {"error":"internal_error","detail":"Unexpected end of JSON input"}',
      'POST /notes: invalid-body check: expected a 4xx answer to malformed JSON, got 500: {"error":"internal_error","detail":"Unexpected end of JSON input"}',
    ]);
  });

  it("catches a body without a field the SPEC requires accepted with 200", async () => {
    const result = await verify("accepts-invalid-body.mjs", { fuzzRuns: 0 }, openapi, openapiSpec);
    expect(messages(result)).toEqual([expect.stringMatching(/^POST \/notes: invalid-body check: expected a 4xx answer to a body without "title", got 200: \{"note_id":"[0-9a-f-]{36}","title":"","body":"milk","pinned":false,"created_at":"[^"]+"\}$/)]);
  });

  it("catches a 5xx that only generated requests reach, naming the request", async () => {
    const result = await verify("crashes-on-pinned.mjs");
    expect(messages(result)).toEqual([
      expect.stringMatching(/^POST \/notes: fuzz check: expected no 5xx and an answer within 0\.5 s to each generated request, got 500: \{"error":"boom"\} for POST \/notes with \{.*"pinned":true.*\} \(request \d+ of 10, seed -?\d+\)$/),
    ]);
    expect(result.endpoints.find((e) => e.path === "/notes" && e.method === "POST")).toMatchObject({ verified: false, status: 200 });
  });

  it("sends the same generated requests for the same seed", async () => {
    const first = messages(await verify("crashes-on-pinned.mjs"));
    const second = messages(await verify("crashes-on-pinned.mjs"));
    expect(second).toEqual(first);
  });

  it("catches a generated request left unanswered, within the request time limit", async () => {
    const started = Date.now();
    const result = await verify("hangs-on-pinned.mjs");
    expect(messages(result)).toEqual([expect.stringMatching(/^POST \/notes: fuzz check: expected no 5xx and an answer within 0\.5 s to each generated request, got no answer within 0\.5 s for POST \/notes with \{.*"pinned":true.*\} \(request \d+ of 10, seed -?\d+\)$/)]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("sends no generated requests when the number asked for is 0", async () => {
    const result = await verify("crashes-on-pinned.mjs", { fuzzRuns: 0 });
    expect(result.findings).toEqual([]);
    expect(result.endpoints.flatMap((e) => e.checks).some((c) => c.kind === "fuzz")).toBe(false);
  });
});
