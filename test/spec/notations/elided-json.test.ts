import { describe, expect, it } from "vitest";
import { examplesAt, notes, outline, readNotationFixture } from "./read-fixture.js";

describe("examples with elisions, comments and Python constants", () => {
  const result = readNotationFixture("elided-json.md");

  it("finds every example at its line", () => {
    expect(outline(result)).toEqual([
      "8 GET /health request@- response@10",
      "13 POST /albums request@16 response@22",
      "31 GET /albums/{album_id} request@- response@33",
      "45 GET /albums request@- response@47",
    ]);
  });

  it("reads # comments, False, None, [...] and a trailing ... as JSON", () => {
    expect(examplesAt(result, "/albums")).toEqual([
      { title: "Holidays", private: false, photos: [] },
      { album_id: "a-1", title: "Holidays", private: false, cover: null },
    ]);
  });

  it('reads {...photo...}, {...}, "..." and /* comments */ inside objects and arrays', () => {
    expect(examplesAt(result, "/albums/{album_id}")).toEqual([
      null,
      { album_id: "a-1", title: "Holidays", photos: [{ photo_id: "ph-1", caption: "...", taken_at: "2026-01-02T10:00:00Z" }, {}], owner: {} },
    ]);
  });

  it("reads … as an elision outside strings and keeps it inside them", () => {
    expect(examplesAt(result, "/albums", "GET")).toEqual([null, { albums: [{ album_id: "a-1", title: "…" }], total: 1 }]);
  });

  it("reports nothing", () => {
    expect(notes(result)).toEqual([]);
  });
});
