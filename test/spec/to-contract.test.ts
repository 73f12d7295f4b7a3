import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { toContract } from "../../src/spec/to-contract.js";
import { buildExecutorSpec, fixture } from "../helpers/paths.js";

const contractOf = (file: string) => toContract(parseSpec(readFileSync(file, "utf8"), file).spec);

describe("the build-executor contract", () => {
  const contract = contractOf(buildExecutorSpec);
  const role = (key: string) => contract.endpoints.find((e) => e.key === key);

  it("makes POST /builds/submit the creator of build_id and the GETs read and list it", () => {
    expect(role("POST /builds/submit")).toMatchObject({ role: "create", resource: "build_id" });
    expect(role("GET /builds/{build_id}/status")).toMatchObject({ role: "read", resource: "build_id" });
    expect(role("GET /builds")).toMatchObject({ role: "list", resource: "build_id", collectionKey: "builds" });
    expect(role("POST /builds/{build_id}/cancel")).toMatchObject({ role: "action", resource: "build_id" });
    expect(role("WS /builds/{build_id}/stream")).toMatchObject({ role: "stream", resource: "build_id" });
  });

  it("requires only the request fields the BuildRequest model gives no default", () => {
    expect(role("POST /builds/submit")?.requiredFields).toEqual(["spec_path"]);
  });

  it("requires every field of a request example no model describes", () => {
    expect(role("POST /builds/{build_id}/approve")?.requiredFields).toEqual(["approved", "notes"]);
  });
});

describe("a SPEC without the UDC endpoints", () => {
  const contract = contractOf(fixture("specs/no-example.md"));

  it("still has all five, the missing ones with the standard shapes", () => {
    expect(contract.endpoints.filter((e) => e.role.startsWith("udc")).map((e) => [e.key, e.line])).toEqual([
      ["GET /health", 6],
      ["GET /capabilities", 0],
      ["GET /state", 0],
      ["GET /dependencies", 0],
      ["POST /message", 14],
    ]);
    expect(contract.endpoints.find((e) => e.key === "GET /state")?.response).toEqual({
      kind: "json",
      value: { uptime_seconds: 0, requests_total: 0, errors_last_hour: 0, last_restart: "2025-01-01T00:00:00Z" },
    });
  });

  it("keeps an endpoint without an example, with nothing to compare against", () => {
    expect(contract.endpoints.find((e) => e.key === "GET /reports")?.response).toEqual({ kind: "none" });
  });
});

describe("a creator whose id field is named otherwise than the path parameter", () => {
  const contractOfText = (text: string) => toContract(parseSpec(text, "S.md").spec);
  const block = (key: string, value: string) => [`### ${key}`, "```json", value, "```"].join("\n");

  it("prefers the POST on the collection the parameter indexes", () => {
    const contract = contractOfText(
      [block("POST /notes", '{"note_id": "n1"}'), block("POST /tasks", '{"task_id": "t1"}'), block("GET /tasks/{id}", '{"task_id": "t1"}')].join("\n"),
    );
    expect(contract.endpoints.filter((e) => e.role === "create").map((e) => [e.key, e.resource, e.idField])).toEqual([["POST /tasks", "id", "task_id"]]);
  });

  it("does not take a generic id for one whose POST names something else", () => {
    const contract = contractOfText([block("POST /login", '{"id": 2, "token": "t"}'), block("GET /questions/{question_id}", '{"question_id": 1}')].join("\n"));
    expect(contract.endpoints.filter((e) => !e.role.startsWith("udc")).map((e) => [e.key, e.role])).toEqual([
      ["POST /login", "static"],
      ["GET /questions/{question_id}", "static"],
    ]);
  });

  it("takes a generic id when the POST names the collection", () => {
    const contract = contractOfText([block("POST /question", '{"id": 2}'), block("GET /questions/{question_id}", '{"id": 2}')].join("\n"));
    expect(contract.endpoints.filter((e) => e.role === "create").map((e) => [e.key, e.resource, e.idField])).toEqual([["POST /question", "question_id", "id"]]);
  });

  it("does not guess between two equally good creators", () => {
    const contract = contractOfText([block("POST /notes", '{"note_id": "n1"}'), block("POST /tasks", '{"task_id": "t1"}'), block("GET /{id}", '{"task_id": "t1"}')].join("\n"));
    expect(contract.endpoints.filter((e) => !e.role.startsWith("udc")).map((e) => e.role)).toEqual(["static", "static", "static"]);
  });
});

describe("a GET under a created resource that answers something else", () => {
  it("addresses the resource without reading it back", () => {
    const text = ["### POST /jobs", "```json", '{"id": "j1"}', "```", "### GET /jobs/{id}/runs", "```json", '{"hits": {"total": 1}}', "```"].join("\n");
    const runs = toContract(parseSpec(text, "S.md").spec).endpoints.find((e) => e.key === "GET /jobs/{id}/runs");
    expect([runs?.role, runs?.resource]).toEqual(["static", "id"]);
  });
});

describe("the JSON Schemas of a contract", () => {
  const contract = contractOf(buildExecutorSpec);
  const endpoint = (key: string) => contract.endpoints.find((e) => e.key === key);
  const inline = (text: string) => toContract(parseSpec(text, "inline.md").spec);

  it("types a request by the Pydantic model its example is an instance of, requiring what the model requires", () => {
    expect(endpoint("POST /builds/submit")?.requestSchema).toEqual({
      schema: { type: "object", properties: { spec_path: { type: "string" }, approval_mode: { type: "string" }, deploy: { type: "boolean" } }, required: ["spec_path"] },
      source: "spec",
    });
  });

  it("takes integers and nullable fields from a model nested in a response, and says the SPEC gave them", () => {
    const phases = (endpoint("GET /builds/{build_id}/status")?.responseSchema?.schema["properties"] as Record<string, { properties: Record<string, unknown> }>)["phases"];
    expect(phases?.properties["generate"]).toEqual({
      type: "object",
      properties: { status: { type: "string" }, duration_seconds: { type: ["integer", "null"] } },
      required: ["status", "duration_seconds"],
    });
    expect(endpoint("GET /builds/{build_id}/status")?.responseSchema?.source).toBe("spec");
  });

  it("infers only JSON types and keys from an example: no enum, format or integer", () => {
    expect(endpoint("GET /state")?.responseSchema).toEqual({
      schema: {
        type: "object",
        properties: { uptime_seconds: { type: "number" }, requests_total: { type: "number" }, errors_last_hour: { type: "number" }, last_restart: { type: "string" }, active_builds: { type: "number" }, queued_builds: { type: "number" } },
        required: ["uptime_seconds", "requests_total", "errors_last_hour", "last_restart", "active_builds", "queued_builds"],
      },
      source: "inferred",
    });
  });

  it("reads a model's Literal values as an enum, and a datetime shown as one as a date-time", () => {
    const text = [
      "# Shop",
      "### POST /orders",
      "```json",
      '{"order_id": "o-1", "state": "open", "placed_at": "2025-01-01T00:00:00Z"}',
      "```",
      "```python",
      "class Order(BaseModel):",
      "    order_id: str",
      '    state: Literal["open", "shipped"]',
      "    placed_at: datetime",
      "```",
    ].join("\n");
    expect(inline(text).endpoints.find((e) => e.key === "POST /orders")?.responseSchema).toEqual({
      schema: { type: "object", properties: { order_id: { type: "string" }, state: { enum: ["open", "shipped"] }, placed_at: { type: "string", format: "date-time" } }, required: ["order_id", "state", "placed_at"] },
      source: "spec",
    });
  });

  it("keeps the example's reading where it contradicts its model", () => {
    const text = ["# Shop", "### GET /count", "```json", '{"count": 2.5}', "```", "```python", "class Count(BaseModel):", "    count: int", "```"].join("\n");
    expect(inline(text).endpoints.find((e) => e.key === "GET /count")?.responseSchema).toEqual({ schema: { type: "object", properties: { count: { type: "number" } }, required: ["count"] }, source: "inferred" });
  });
});
