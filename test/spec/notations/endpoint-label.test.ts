import { describe, expect, it } from "vitest";
import { examplesAt, notes, outline, readNotationFixture } from "./read-fixture.js";

describe("the **Endpoint:** line notation", () => {
  const result = readNotationFixture("endpoint-label.md");

  it("declares an endpoint at each **Endpoint:** or **Route:** line, its examples after **Input:**, **Output:**, **Returns:**", () => {
    expect(outline(result)).toEqual([
      "10 GET /health request@- response@14",
      "19 POST /parcels request@23 response@32",
      "37 GET /parcels/{parcel_id} request@- response@41",
    ]);
  });

  it("reads the input with its comments, trailing comma and the [...] placeholder", () => {
    expect(examplesAt(result, "/parcels")).toEqual([
      { carrier: "post", weight_grams: 1200, recipient: "Ada" },
      { parcel_id: "p-77", carrier: "post", status: "registered", events: [] },
    ]);
  });

  it("reports nothing", () => {
    expect(notes(result)).toEqual([]);
  });
});
