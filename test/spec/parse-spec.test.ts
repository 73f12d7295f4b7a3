import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSpecFile } from "../../src/spec/analyze-spec-file.js";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { buildExecutorSpec, fixture } from "../helpers/paths.js";

const errorsOf = (findings: Array<{ severity: string; code: string; line?: number }>) =>
  findings.filter((f) => f.severity === "error").map((f) => ({ code: f.code, line: f.line }));

describe("the build-executor SPEC", () => {
  const { spec, findings } = parseSpec(readFileSync(buildExecutorSpec, "utf8"), "SPEC.md");

  it("has no errors or warnings", () => {
    expect(findings).toEqual([]);
  });

  it("reads the service name and version", () => {
    expect([spec.name, spec.version]).toEqual(["build-executor", "1.0.0"]);
  });

  it("finds the five UDC endpoints and the seven service endpoints at their heading lines", () => {
    expect(spec.endpoints.map((e) => `${e.line} ${e.method} ${e.path}${e.isUdc ? " udc" : ""}`)).toEqual([
      "23 GET /health udc",
      "35 GET /capabilities udc",
      "50 GET /state udc",
      "63 GET /dependencies udc",
      "78 POST /message udc",
      "102 POST /builds/submit",
      "122 GET /builds/{build_id}/status",
      "141 GET /builds",
      "159 POST /builds/{build_id}/approve",
      "177 POST /builds/{build_id}/cancel",
      "187 POST /builds/{build_id}/rollback",
      "198 WS /builds/{build_id}/stream",
    ]);
  });

  it("splits a block into request and response at the // Request and // Response comments", () => {
    const submit = spec.endpoints.find((e) => e.path === "/builds/submit");
    expect(submit?.request).toMatchObject({ kind: "json", line: 106, value: { spec_path: "services/billing/SPEC.md", approval_mode: "auto", deploy: true } });
    expect(submit?.response).toMatchObject({ kind: "json", line: 113, value: { build_id: "b-20260302-0001", status: "queued", queue_position: 1 } });
  });

  it("reads path parameters", () => {
    expect(spec.endpoints.find((e) => e.path === "/builds/{build_id}/approve")?.pathParams).toEqual(["build_id"]);
  });

  it("reads the // Query params hint", () => {
    expect(spec.endpoints.find((e) => e.path === "/builds")?.query).toEqual({ status: "running", limit: "20" });
  });

  it("reads the three example events of the WebSocket stream", () => {
    const stream = spec.endpoints.find((e) => e.method === "WS");
    expect(stream?.events.map((e) => (e.kind === "json" ? (e.value as { event: string }).event : ""))).toEqual(["phase_start", "progress", "phase_complete"]);
  });

  it("reads Pydantic models with defaults and Optional fields", () => {
    expect(spec.models.map((m) => m.name)).toEqual(["BuildRequest", "PhaseStatus"]);
    const request = spec.models[0];
    expect(request?.fields.map((f) => `${f.name}${f.optional ? "?" : ""}: ${f.type}`)).toEqual(["spec_path: str", "approval_mode?: str", "deploy?: bool"]);
    expect(spec.models[1]?.fields.find((f) => f.name === "duration_seconds")).toMatchObject({ optional: true, type: "Optional[int]" });
  });

  it("reads required and optional dependencies with their ports", () => {
    expect(spec.dependencies.map((d) => [d.name, d.required, d.port])).toEqual([
      ["registry", true, 8000],
      ["verifier", true, 8200],
      ["notifier", false, 8400],
    ]);
  });

  it("reads success criteria and performance targets", () => {
    expect(spec.successCriteria).toHaveLength(5);
    expect(spec.successCriteria[0]).toEqual({ text: "A submitted SPEC becomes a verified build", line: 240 });
    expect(spec.performanceTargets.map((p) => p.text)).toContain("Rollback: < 30 s from a failed health check");
  });
});

describe("heading forms", () => {
  it("reads `### 1. GET /x`, `### GET /x`, backticked and WS headings alike", () => {
    const text = ["### 1. GET /health", "```json", '{"status": "ok"}', "```", "### `POST /jobs`", "```json", '{"id": "x"}', "```", "#### WS /jobs/{id}/events", "```json", '{"event": "x"}', "```"].join("\n");
    expect(parseSpec(text, "S.md").spec.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(["GET /health", "POST /jobs", "WS /jobs/{id}/events"]);
  });
});

describe("more notations", () => {
  it("reads a summary in parentheses, Express and Flask style parameters, and a bare JSON answer", () => {
    const { spec, findings } = parseSpec(readFileSync(fixture("specs/numeric-ids.md"), "utf8"), "todo.md");
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(spec.endpoints.map((e) => [e.method, e.path, e.summary])).toEqual([
      ["POST", "/todos", "create a todo"],
      ["GET", "/todos/{id}", ""],
      ["GET", "/todos", ""],
      ["DELETE", "/todos/{id}", ""],
      ["GET", "/ping", ""],
    ]);
    expect(spec.endpoints.at(-1)?.response).toMatchObject({ kind: "json", value: "pong" });
    expect(parseSpec("### GET /files/<int:file_id>\n```json\n{}\n```", "f.md").spec.endpoints[0]?.path).toBe("/files/{file_id}");
  });

  it("reads endpoints listed as bullets, with or without a method under an endpoints heading", () => {
    const text = ["## Monitoring Endpoints", "- `/metrics` - Prometheus metrics", "- `POST /reset` - clear counters", "", "## Notes", "- `/not-an-endpoint` here"].join("\n");
    expect(parseSpec(text, "m.md").spec.endpoints.map((e) => `${e.line} ${e.method} ${e.path} ${e.summary}`)).toEqual(["2 GET /metrics Prometheus metrics", "3 POST /reset clear counters"]);
  });

  it("reads JSON written with Python habits: # comments, True, False, None", () => {
    const text = ["### GET /jobs/{job_id}", "```json", "{", '  "job_id": "j1",  # the id', '  "done": True,', '  "error": None,', '  "note": "# not a comment, True"', "}", "```"].join("\n");
    const { spec, findings } = parseSpec(text, "j.md");
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(spec.endpoints[0]?.response).toMatchObject({ value: { job_id: "j1", done: true, error: null, note: "# not a comment, True" } });
  });

  it("does not take a plain fence of log lines for JSON", () => {
    const { findings } = parseSpec("### GET /health\n```\n2025-01-01 started\n```\n", "h.md");
    expect(findings.filter((f) => f.code === "E1002")).toEqual([]);
  });
});

describe("other notations real SPECs use", () => {
  const { spec, findings } = parseSpec(readFileSync(fixture("specs/other-notations.md"), "utf8"), "other.md");
  const byKey = (key: string) => spec.endpoints.find((e) => `${e.method} ${e.path}` === key);

  it("reads endpoints from a table", () => {
    expect(byKey("GET /widgets")?.line).toBe(10);
    expect(byKey("DELETE /widgets/{widget_id}")?.pathParams).toEqual(["widget_id"]);
  });

  it("reads **Endpoint:** lines with **Input:** and **Output:** blocks, tolerating comments, trailing commas and [...]", () => {
    expect(byKey("POST /widgets")?.request).toMatchObject({ value: { name: "gear", sizes: [1, 2] } });
    expect(byKey("POST /widgets")?.response).toMatchObject({ value: { widget_id: "uuid", name: "gear", tags: [] } });
  });

  it("reads a raw HTTP request block as an endpoint with its body", () => {
    expect(byKey("PUT /widgets/{widget_id}")).toMatchObject({ line: 32, request: { value: { name: "cog" } } });
  });

  it("resolves 'Same as /x, plus:' by merging the referenced response", () => {
    expect(byKey("POST /widgets/import")?.response).toMatchObject({ value: { widget_id: "uuid", name: "gear", imported: 3 } });
  });

  it("reports no errors", () => {
    expect(errorsOf(findings)).toEqual([]);
  });
});

describe("malformed SPECs", () => {
  it("E1001 for a file that does not exist", async () => {
    const { findings } = await analyzeSpecFile(fixture("specs/does-not-exist.md"));
    expect(findings).toEqual([expect.objectContaining({ code: "E1001", severity: "error", message: "file not found" })]);
  });

  it("E1001 for an empty file", async () => {
    const { findings } = await analyzeSpecFile(fixture("specs/empty.md"));
    expect(findings).toEqual([expect.objectContaining({ code: "E1001", message: "the SPEC is empty" })]);
  });

  it("E1002 at the line where the JSON example breaks", async () => {
    const { findings } = await analyzeSpecFile(fixture("specs/invalid-json.md"));
    expect(errorsOf(findings)).toEqual([{ code: "E1002", line: 11 }]);
    expect(findings.find((f) => f.code === "E1002")?.message).toBe("invalid JSON example: ',' expected");
  });

  it("E1002 at the opening line of a JSON value that is never closed", async () => {
    const { findings } = await analyzeSpecFile(fixture("specs/unclosed-json.md"));
    expect(errorsOf(findings)).toEqual([{ code: "E1002", line: 8 }]);
  });

  it("E1004 when the SPEC declares no endpoint at all", async () => {
    const { findings } = await analyzeSpecFile(fixture("specs/no-endpoints.md"));
    expect(errorsOf(findings)).toEqual([{ code: "E1004", line: 1 }]);
  });

  it("E1004 at the heading of a path with an unbalanced parameter", async () => {
    const { findings } = await analyzeSpecFile(fixture("specs/bad-path-param.md"));
    expect(errorsOf(findings)).toEqual([{ code: "E1004", line: 11 }]);
    expect(findings.find((f) => f.code === "E1004")?.message).toContain('"{item_id" has an unbalanced { }');
  });

  it("E1003 warning at an endpoint with no example, and for each UDC endpoint left out", async () => {
    const { findings } = await analyzeSpecFile(fixture("specs/no-example.md"));
    expect(errorsOf(findings)).toEqual([]);
    expect(findings.filter((f) => f.code === "E1003").map((f) => [f.line, f.subject])).toEqual([
      [1, "GET /capabilities"],
      [1, "GET /state"],
      [1, "GET /dependencies"],
      [11, "GET /reports"],
    ]);
  });

  it("E1004 warning at the second declaration of the same endpoint", async () => {
    const { findings } = await analyzeSpecFile(fixture("specs/duplicate.md"));
    expect(findings.filter((f) => f.code === "E1004")).toEqual([expect.objectContaining({ severity: "warning", line: 11, subject: "GET /health" })]);
  });
});
