import { beforeAll, describe, expect, it } from "vitest";
import { analyzeSpecFile } from "../../../src/spec/analyze-spec-file.js";
import { parseOpenApi } from "../../../src/spec/openapi/parse-openapi.js";
import { toContract } from "../../../src/spec/to-contract.js";
import type { AnalyzeResult } from "../../../src/spec/types.js";
import { fixture } from "../../helpers/paths.js";

const yaml30 = fixture("specs/openapi/parcel-tracker-3.0.yaml");
const json31 = fixture("specs/openapi/room-booking-3.1.json");

/** A small OpenAPI document with the given paths (and components), as YAML-compatible JSON text. */
const doc = (paths: unknown, extra: Record<string, unknown> = {}, version = "3.1.0") => JSON.stringify({ openapi: version, info: { title: "T", version: "1.0.0" }, paths, ...extra }, null, 2);
const ok = { "200": { description: "ok", content: { "application/json": { schema: { type: "object", properties: { a: { type: "string" } } } } } } };

/** The document analyzed once for the tests of the enclosing describe block, and a lookup of its endpoints by key. */
function analyzedOnce(file: string) {
  const holder = { result: undefined as unknown as AnalyzeResult };
  beforeAll(async () => {
    holder.result = await analyzeSpecFile(file);
  });
  const analyzed = {
    get spec() {
      return holder.result.spec;
    },
    get findings() {
      return holder.result.findings;
    },
  };
  return { analyzed, endpoint: (key: string) => holder.result.spec.endpoints.find((e) => `${e.method} ${e.path}` === key) };
}

describe("an OpenAPI 3.0 document in YAML, with $refs to components", () => {
  const { analyzed, endpoint } = analyzedOnce(yaml30);

  it("names the service and version from its info", () => {
    expect([analyzed.spec.name, analyzed.spec.title, analyzed.spec.version, analyzed.spec.purpose]).toEqual(["parcel-tracker", "Parcel Tracker", "1.4.0", "Registers parcels at the counter and follows them to the door."]);
  });

  it("declares one endpoint per operation, at the line of its method key", () => {
    expect(analyzed.spec.endpoints.map((e) => `${e.method} ${e.path} ${e.line}`)).toEqual([
      "GET /health 11",
      "POST /parcels 21",
      "GET /parcels 44",
      "GET /parcels/{parcel_id} 71",
      "DELETE /parcels/{parcel_id} 82",
      "POST /parcels/{parcel_id}/deliver 103",
    ]);
  });

  it("takes the document's own example, at its line", () => {
    expect(endpoint("POST /parcels")?.request).toEqual({ kind: "json", value: { recipient: "Ada Lovelace", weight_kg: 1.5, priority: "express", note: "leave at the door" }, line: 30 });
  });

  it("samples an example from the schema where the document gives none, and says so", () => {
    expect(endpoint("DELETE /parcels/{parcel_id}")?.response).toEqual({ kind: "json", value: { parcel_id: "5e633199-3047-47b2-b9c5-17b3d47d3232", withdrawn: true }, line: 88, generated: true });
  });

  it("reads 3.0 schemas as JSON Schema 2020-12: nullable, boolean exclusiveMinimum, resolved $refs", () => {
    expect(endpoint("POST /parcels")?.requestSchema).toEqual({
      type: "object",
      required: ["recipient", "weight_kg"],
      properties: {
        recipient: { type: "string", minLength: 1 },
        weight_kg: { type: "number", exclusiveMinimum: 0 },
        priority: { type: "string", enum: ["standard", "express"], default: "standard" },
        note: { type: ["string", "null"] },
      },
    });
  });

  it("keeps the error statuses an operation documents", () => {
    expect(endpoint("GET /parcels/{parcel_id}")?.documentedErrors).toEqual([404]);
  });

  it("warns about the UDC endpoints it leaves out, and nothing else", () => {
    expect(analyzed.findings.map((f) => `${f.code} ${f.severity} ${f.subject}`)).toEqual([
      "E1003 warning GET /capabilities",
      "E1003 warning GET /state",
      "E1003 warning GET /dependencies",
      "E1003 warning POST /message",
    ]);
  });

  it("gives the five UDC endpoints their defaults in the contract", () => {
    const contract = toContract(analyzed.spec);
    expect(contract.endpoints.slice(0, 5).map((e) => [e.key, e.line, e.exampleSource])).toEqual([
      ["GET /health", 11, "inferred"],
      ["GET /capabilities", 0, "inferred"],
      ["GET /state", 0, "inferred"],
      ["GET /dependencies", 0, "inferred"],
      ["POST /message", 0, "inferred"],
    ]);
  });
});

describe("an OpenAPI 3.1 document in JSON, with examples and enums", () => {
  const { analyzed, endpoint } = analyzedOnce(json31);

  it("takes the first of a media type's named examples", () => {
    expect(endpoint("POST /bookings")?.request).toEqual({ kind: "json", value: { room: "Hopper", starts_at: "2025-06-02T09:00:00Z", hours: 1, purpose: "stand-up" }, line: 51 });
  });

  it("keeps a component's enum, resolved, in the response schema", () => {
    expect((endpoint("PATCH /bookings/{booking_id}")?.responseSchema?.["properties"] as Record<string, unknown>)["state"]).toEqual({ type: "string", enum: ["confirmed", "cancelled"] });
  });

  it("reads a text answer with its content type", () => {
    expect(endpoint("GET /version")?.response).toEqual({ kind: "text", contentType: "text/plain", text: "room-booking 0.3.0", line: 115 });
  });

  it("has no findings but the UDC endpoints it leaves out", () => {
    expect(analyzed.findings.every((f) => f.code === "E1003" && f.message.startsWith("UDC endpoint"))).toBe(true);
    expect(analyzed.findings).toHaveLength(5);
  });
});

describe("what an OpenAPI document can get wrong", () => {
  it("reports a YAML syntax error as E1002 at its line", async () => {
    const result = await parseOpenApi("openapi: 3.1.0\ninfo:\n  title: a: b\n", "bad.yaml");
    expect(result.findings).toEqual([{ code: "E1002", severity: "error", message: "not valid YAML or JSON: Nested mappings are not allowed in compact mappings", file: "bad.yaml", line: 3 }]);
  });

  it("reports the OpenAPI parser's message for an invalid document, at the operation it names", async () => {
    const result = await parseOpenApi(doc({ "/items/{id}": { get: { responses: ok } } }), "bad.json");
    expect(result.findings).toEqual([
      { code: "E1002", severity: "error", message: "invalid OpenAPI document: `/paths/items/{id}/get` is missing path parameter(s) for `{id}`.", file: "bad.json", line: 9 },
    ]);
  });

  it("locates a schema error of the OpenAPI parser at the key it points to", async () => {
    const result = await parseOpenApi("openapi: 3.0.3\ninfo:\n  title: T\npaths: {}\n", "no-version.yaml");
    expect(result.findings).toEqual([{ code: "E1002", severity: "error", message: "invalid OpenAPI document: REQUIRED must have required property 'version'", file: "no-version.yaml", line: 2 }]);
  });

  it("refuses Swagger 2.0, saying what it reads", async () => {
    const result = await parseOpenApi('{"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}}', "old.json");
    expect(result.findings.map((f) => f.message)).toEqual(["OpenAPI 2.0 is not read: write the document as OpenAPI 3.0 or 3.1"]);
  });

  it("refuses JSON that is no OpenAPI document", async () => {
    const result = await parseOpenApi('{"name": "not an API"}', "package.json");
    expect(result.findings.map((f) => `${f.code} ${f.message}`)).toEqual(["E1002 not an OpenAPI document: it has no `openapi` field"]);
  });

  it("reports a document without operations as E1004", async () => {
    const result = await parseOpenApi(doc({}, {}, "3.0.3"), "empty.json");
    expect(result.findings.map((f) => `${f.code} ${f.severity} ${f.line}`)).toEqual(["E1004 error 7"]);
  });

  it("warns (E1003) about an operation with neither an example nor a schema for its answer", async () => {
    const result = await parseOpenApi(doc({ "/ping": { post: { responses: { "204": { description: "done" } } } } }), "ping.json");
    expect(result.findings.filter((f) => f.subject === "POST /ping").map((f) => `${f.code} ${f.line} ${f.message}`)).toEqual(["E1003 9 POST /ping has no response example: its response shape cannot be checked"]);
  });

  it("never fetches an external $ref: it warns and reads that schema as anything", async () => {
    const remote = { "200": { description: "ok", content: { "application/json": { schema: { $ref: "https://example.invalid/schemas/item.json" } } } } };
    const result = await parseOpenApi(doc({ "/items": { get: { responses: remote } } }), "remote.json");
    expect(result.findings.filter((f) => f.severity === "warning" && f.message.includes("$ref")).map((f) => f.message)).toEqual([
      'the $ref "https://example.invalid/schemas/item.json" points outside the document: it is not fetched, and that schema accepts anything',
    ]);
    expect(result.spec.endpoints[0]?.responseSchema).toEqual({});
  });

  it("keeps a recursive schema as $defs the contract carries", async () => {
    const node = { type: "object", required: ["name"], properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } } };
    const tree = { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Node" }, example: { name: "root", children: [] } } } } };
    const result = await parseOpenApi(doc({ "/tree": { get: { responses: tree } } }, { components: { schemas: { Node: node } } }), "tree.json");
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result.spec.endpoints[0]?.responseSchema).toEqual({
      $ref: "#/$defs/Node",
      $defs: { Node: { type: "object", required: ["name"], properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/Node" } } } } },
    });
  });

  it("reports a schema ajv cannot compile as E1002 at the example's place", async () => {
    const broken = { "200": { description: "ok", content: { "application/json": { schema: { type: "strin" } } } } };
    const result = await parseOpenApi(doc({ "/items": { get: { responses: broken } } }), "broken.json");
    expect(result.findings.filter((f) => f.severity === "error").map((f) => `${f.code} ${f.line} ${f.message.split(":").slice(0, 2).join(":")}`)).toEqual(["E1002 14 GET /items: the response schema is not a valid JSON Schema"]);
  });
});
