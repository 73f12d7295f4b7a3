import { describe, expect, it } from "vitest";
import { notes, outline, readNotationFixture } from "./read-fixture.js";

describe("the heading notation", () => {
  const result = readNotationFixture("heading.md");
  const byPath = (path: string) => result.spec.endpoints.find((e) => e.path === path);

  it("declares an endpoint at each heading: plain, numbered, or in code inside a title", () => {
    expect(outline(result)).toEqual([
      "10 GET /health request@- response@12",
      "15 POST /recipes request@18 response@21",
      "24 GET /recipes/{recipe_id} request@- response@28",
      "36 GET /recipes request@- response@38",
    ]);
  });

  it("takes the rest of a title around the code as the summary", () => {
    expect(byPath("/recipes/{recipe_id}")?.summary).toBe("Read one recipe");
  });

  it("leaves out the example under a 404 sub-heading", () => {
    expect(byPath("/recipes/{recipe_id}")?.events).toEqual([]);
  });

  it("reports nothing", () => {
    expect(notes(result)).toEqual([]);
  });
});
