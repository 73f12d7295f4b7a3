import { describe, expect, it } from "vitest";
import { toContract } from "../../../src/spec/to-contract.js";
import { notes, outline, readNotationFixture } from "./read-fixture.js";

describe("a path parameter at the root beside static routes", () => {
  const result = readNotationFixture("root-path-param.md");
  const contract = toContract(result.spec);
  const roleOf = (key: string) => contract.endpoints.find((e) => e.key === key);

  it("reads /{code} beside /stats and /health", () => {
    expect(outline(result)).toEqual([
      "11 GET /health request@- response@13",
      "16 POST /shorten request@19 response@21",
      "24 GET /stats request@- response@26",
      "29 GET /{code} request@- response@31",
      "34 DELETE /{code} request@- response@36",
    ]);
  });

  it("makes POST /shorten the creator of code, and GET and DELETE /{code} read and act on it", () => {
    expect([roleOf("POST /shorten"), roleOf("GET /{code}"), roleOf("DELETE /{code}"), roleOf("GET /stats")].map((e) => [e?.role, e?.resource, e?.idField])).toEqual([
      ["create", "code", undefined],
      ["read", "code", undefined],
      ["action", "code", undefined],
      ["static", undefined, undefined],
    ]);
  });

  it("reports nothing", () => {
    expect(notes(result)).toEqual([]);
  });
});

describe("a created object whose id field is named otherwise than the path parameter", () => {
  const contract = toContract(readNotationFixture("id-field-names.md").spec);
  const roleOf = (key: string) => contract.endpoints.find((e) => e.key === key);

  it("finds short_code as what /{code} addresses", () => {
    expect([roleOf("POST /shorten"), roleOf("GET /{code}")].map((e) => [e?.role, e?.resource, e?.idField])).toEqual([
      ["create", "code", "short_code"],
      ["read", "code", "short_code"],
    ]);
  });

  it("finds uuid as what /tasks/{id} addresses, reads and acts on", () => {
    expect([roleOf("POST /tasks"), roleOf("GET /tasks/{id}"), roleOf("POST /tasks/{id}/done")].map((e) => [e?.role, e?.resource, e?.idField])).toEqual([
      ["create", "id", "uuid"],
      ["read", "id", "uuid"],
      ["action", "id", "uuid"],
    ]);
  });
});
