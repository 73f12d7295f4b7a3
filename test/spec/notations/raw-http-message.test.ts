import { describe, expect, it } from "vitest";
import { examplesAt, notes, outline, readNotationFixture } from "./read-fixture.js";

describe("the raw HTTP message notation (plain fences)", () => {
  const result = readNotationFixture("raw-http-message.md");

  it("declares an endpoint at a request line and takes the answer from an HTTP/1.1 status message", () => {
    expect(outline(result)).toEqual([
      "12 GET /health request@- response@21",
      "27 POST /articles request@31 response@38",
      "46 GET /articles/ request@- response@50",
      "56 PUT /articles/{article_id}/read request@- response@61",
      "57 PATCH /articles/{article_id}/read request@- response@61",
    ]);
  });

  it("reads the body after the headers", () => {
    expect(examplesAt(result, "/articles", "POST")).toEqual([
      { url: "https://example.com/post", title: "A post" },
      { article_id: 7, url: "https://example.com/post", title: "A post", read: false },
    ]);
  });

  it("gives a fence of two request lines the example that follows, both endpoints", () => {
    expect([examplesAt(result, "/articles/{article_id}/read", "PUT"), examplesAt(result, "/articles/{article_id}/read", "PATCH")]).toEqual([
      [null, { article_id: 7, read: true }],
      [null, { article_id: 7, read: true }],
    ]);
  });

  it("reports nothing", () => {
    expect(notes(result)).toEqual([]);
  });
});
