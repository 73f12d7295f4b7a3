import { describe, expect, it } from "vitest";
import { parseSpec } from "../../../src/spec/parse-spec.js";
import { examplesAt, notes, outline, readNotationFixture } from "./read-fixture.js";

describe("the field list notation", () => {
  const result = readNotationFixture("field-list.md");

  it("declares endpoints from **Method** / **Endpoint** bullets and from method: / path: lines in a fence", () => {
    expect(outline(result)).toEqual([
      "10 GET /health request@- response@15",
      "20 POST /tasks request@26 response@32",
      "38 GET /tasks/{task_id} request@- response@40",
      "50 POST /tasks/{task_id}/close request@- response@62",
    ]);
  });

  it("reads the block after a closing **Body**: field as the request", () => {
    expect(examplesAt(result, "/tasks")).toEqual([
      { title: "Write the release notes", assignee: "kim" },
      { task_id: "t-5", title: "Write the release notes", assignee: "kim", done: false },
    ]);
  });

  it("reads a multi-line JSON value in a fence", () => {
    expect(examplesAt(result, "/tasks/{task_id}")).toEqual([null, { task_id: "t-5", title: "Write the release notes", done: false }]);
  });

  it("lets a concrete example that follows replace a TypeScript-like sketch", () => {
    expect(examplesAt(result, "/tasks/{task_id}/close")).toEqual([null, { task_id: "t-5", done: true }]);
  });

  it("keeps the sketch, as placeholders, when no example follows", () => {
    const text = ["```", "Method: GET", "Path: /items", "Response body: {", "    id: number;", "    name: string;", "}[]", "```"].join("\n");
    expect(parseSpec(text, "f.md").spec.endpoints[0]?.response).toEqual({ kind: "json", value: [{ id: 0, name: "string" }], line: 4 });
  });

  it("warns about a method without a path and declares nothing", () => {
    const parsed = parseSpec(["- **Method**: `POST`", "- **Auth**: none"].join("\n"), "f.md");
    expect([parsed.spec.endpoints, notes(parsed).filter((n) => n.includes("field list"))]).toEqual([
      [],
      ["1 E1004 warning a field list gives a method (POST) but no path: no endpoint is declared"],
    ]);
  });

  it("warns about a path without a method and declares nothing", () => {
    const parsed = parseSpec(["- **Endpoint**: `/tasks`", "- **Auth**: none"].join("\n"), "f.md");
    expect(notes(parsed).filter((n) => n.includes("field list"))).toEqual(["1 E1004 warning a field list gives a path (/tasks) but no method: no endpoint is declared"]);
  });

  it("reports nothing", () => {
    expect(notes(result)).toEqual([]);
  });
});
