import { describe, expect, it } from "vitest";
import { notes, outline, readNotationFixture } from "./read-fixture.js";

describe("the raw HTTP message notation (plain fences)", () => {
  const result = readNotationFixture("raw-http-message.md");
  const valuesOf = (method: string, path: string) => {
    const e = result.spec.endpoints.find((x) => x.method === method && x.path === path);
    return [e?.request, e?.response].map((x) => (x?.kind === "json" ? x.value : null));
  };

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
    expect(valuesOf("POST", "/articles")).toEqual([
      { url: "https://example.com/post", title: "A post" },
      { article_id: 7, url: "https://example.com/post", title: "A post", read: false },
    ]);
  });

  it("gives a fence of two request lines the example that follows, both endpoints", () => {
    expect([valuesOf("PUT", "/articles/{article_id}/read"), valuesOf("PATCH", "/articles/{article_id}/read")]).toEqual([
      [null, { article_id: 7, read: true }],
      [null, { article_id: 7, read: true }],
    ]);
  });

  it("reports nothing", () => {
    expect(notes(result)).toEqual([]);
  });
});
