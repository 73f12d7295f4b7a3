import { describe, expect, it } from "vitest";
import { parseSpec } from "../../../src/spec/parse-spec.js";
import { examplesAt, notes, outline, readNotationFixture } from "./read-fixture.js";

describe("the lone `METHOD /path` line notation", () => {
  const result = readNotationFixture("backtick-line.md");

  it("declares an endpoint at a line in code or in bold that holds only the method and path", () => {
    expect(outline(result)).toEqual([
      "10 GET /health request@- response@15",
      "22 POST /books request@27 response@33",
      "38 GET /books request@- response@41",
      "44 GET /books/{book_id} request@- response@47",
    ]);
  });

  it("reads 'Example payload:' and 'Example response:' lines as labels of the blocks below", () => {
    expect(examplesAt(result, "/books", "POST")).toEqual([
      { title: "Middlemarch", author: "George Eliot" },
      { book_id: 12, title: "Middlemarch", author: "George Eliot", votes: 0 },
    ]);
  });

  it("takes the text after a dash as the summary", () => {
    expect(result.spec.endpoints.find((e) => e.path === "/books/{book_id}")?.summary).toBe("one book");
  });

  it("does not take prose that mentions an endpoint for a declaration", () => {
    expect(parseSpec("Call `GET /books` to list them.\n", "p.md").spec.endpoints).toEqual([]);
  });

  it("reports nothing", () => {
    expect(notes(result)).toEqual([]);
  });
});
