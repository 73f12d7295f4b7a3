import { describe, expect, it } from "vitest";
import { parseSpec } from "../../../src/spec/parse-spec.js";
import { notes, outline, readNotationFixture } from "./read-fixture.js";

describe("the bullet list notation", () => {
  const result = readNotationFixture("bullet-list.md");

  it("reads a one-item bullet followed by its example block as that endpoint's declaration", () => {
    expect(outline(result)).toEqual([
      "10 GET /health request@- response@12",
      "14 POST /plants request@17 response@19",
      "21 GET /plants/{plant_id} request@- response@23",
      "25 POST /plants/{plant_id}/water request@- response@27",
    ]);
  });

  it("reads a list of several as an index that opens none of them", () => {
    const text = ["## Endpoints", "- `GET /a` - first", "- `GET /b` - second", "", "```json", '{"x": 1}', "```"].join("\n");
    expect(outline(parseSpec(text, "l.md"))).toEqual(["2 GET /a request@- response@-", "3 GET /b request@- response@-"]);
  });

  it("warns that a bare path under an endpoints heading is read as GET", () => {
    const text = ["## Endpoints", "- `/metrics` - counters", "- `POST /reset` - clear"].join("\n");
    expect(notes(parseSpec(text, "l.md")).filter((n) => n.includes("without a method"))).toEqual(["2 E1003 warning /metrics is listed without a method; read as GET"]);
  });

  it("reports nothing", () => {
    expect(notes(result)).toEqual([]);
  });
});
