import { describe, expect, it } from "vitest";
import { parseSpec } from "../../../src/spec/parse-spec.js";
import { examplesAt, notes, outline, readNotationFixture } from "./read-fixture.js";

describe("the ```http block notation", () => {
  const result = readNotationFixture("http-block.md");

  it("reads the request of a block as the example of the endpoint declared above it, or declares it", () => {
    expect(outline(result)).toEqual([
      "11 GET /health request@- response@19",
      "22 POST /jobs request@28 response@31",
      "34 GET /jobs/{id} request@- response@40",
      "49 PUT /jobs/{id}/priority request@52 response@59",
    ]);
  });

  it("reads the body after a bare status line such as 201 CREATED as the response", () => {
    expect(examplesAt(result, "/jobs")).toEqual([{ task: "resize-images", args: { width: 640 } }, { id: "j-1", task: "resize-images", state: "queued" }]);
  });

  it("leaves out the body of a 404 answer", () => {
    expect(result.spec.endpoints.find((e) => e.path === "/jobs/{id}")?.events).toEqual([]);
  });

  it("warns where the block names the path parameter otherwise than the declaration above it", () => {
    expect(notes(result)).toEqual(["37 E1004 warning GET /jobs/{job_id} names the path parameters of GET /jobs/{id} (line 34) differently; read as the same endpoint"]);
  });

  it("warns about a message with neither a request line nor a status line, and reads its body as the response", () => {
    const text = ["### GET /a", "```http", "Content-Type: application/json", "", '{"a": 1}', "```"].join("\n");
    const parsed = parseSpec(text, "h.md");
    expect(notes(parsed).filter((n) => n.includes("E1004"))).toEqual(["5 E1004 warning an HTTP message with neither a request line nor a status line; its body is read as the response"]);
    expect(parsed.spec.endpoints[0]?.response).toEqual({ kind: "json", value: { a: 1 }, line: 5 });
  });

  it("warns about a fence inside the block, the mark of a block never closed, and reads up to it", () => {
    const text = ["**GET /a** - one", "", "```http", "GET /a HTTP/1.1", "", "200 OK", '{"a": 1}', "", "**GET /b** - two", "", "```http", "GET /b HTTP/1.1", "```"].join("\n");
    const parsed = parseSpec(text, "h.md");
    expect(notes(parsed).filter((n) => n.includes("fence"))).toEqual([
      "11 E1004 warning a code fence inside the block that starts at line 3: is that block missing its closing fence? Read up to line 10",
    ]);
    expect(outline(parsed)).toEqual(["1 GET /a request@- response@7", "12 GET /b request@- response@-"]);
  });

  it("does not take text after a GET request line for its body, and says so", () => {
    const text = ["### GET /logs", "```http", "GET /logs HTTP/1.1", "Accept: application/jsonl", "", "{...}", "{...}", "```"].join("\n");
    const parsed = parseSpec(text, "h.md");
    expect([parsed.spec.endpoints[0]?.request, notes(parsed).filter((n) => n.includes("E1004"))]).toEqual([
      undefined,
      ["6 E1004 warning text after a GET request, which has no body, and no status line before it: not read as an example"],
    ]);
  });
});
