import { describe, expect, it } from "vitest";
import { parseSpec } from "../../../src/spec/parse-spec.js";
import { notes, outline, readNotationFixture } from "./read-fixture.js";

describe("the table row notation", () => {
  const result = readNotationFixture("table-row.md");

  it("declares an endpoint at each row and takes the examples from the headings that detail it", () => {
    expect(outline(result)).toEqual([
      "12 GET /health request@- response@22",
      "13 POST /vehicles request@28 response@30",
      "14 GET /vehicles/{vehicle_id} request@- response@35",
      "15 GET /vehicles request@- response@40",
      "16 DELETE /vehicles/{vehicle_id} request@- response@-",
    ]);
  });

  it("keeps the row's description as the summary", () => {
    expect(result.spec.endpoints.map((e) => e.summary)).toEqual(["Liveness", "Register a vehicle", "One vehicle", "All vehicles", "Retire a vehicle"]);
  });

  it("reports only the row that no heading details", () => {
    expect(notes(result)).toEqual(["16 E1003 warning DELETE /vehicles/{vehicle_id} has no response example: its response shape cannot be checked"]);
  });

  it("warns when the row and a heading give the same endpoint different examples", () => {
    const text = ["| Method | Path |", "|---|---|", "| `GET /a` | list |", "", "### GET /a", "```json", '{"a": 1}', "```", "", "### Again", "**Endpoint:** `GET /a`", "```json", '{"a": 2}', "```"].join("\n");
    expect(notes(parseSpec(text, "t.md")).filter((n) => n.includes("E1004"))).toEqual([
      "11 E1004 warning GET /a is declared as an **Endpoint:** line here and as a table row at line 3 (GET /a), with different response examples; read as one endpoint, the first declaration's where they differ",
    ]);
  });
});
