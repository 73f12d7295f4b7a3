import { describe, expect, it } from "vitest";
import { compareShape, describeMismatch } from "../../src/verify/compare-shape.js";

describe("compareShape", () => {
  it("accepts extra keys and different values of the same type", () => {
    expect(compareShape({ a: "x", n: 1 }, { a: "y", n: 2.5, extra: true })).toEqual([]);
  });

  it("names a missing nested key by its path", () => {
    expect(compareShape({ phases: { queued: { status: "done" } } }, { phases: { queued: {} } }).map(describeMismatch)).toEqual([
      'missing key "phases.queued.status" (string key)',
    ]);
  });

  it("checks every array element against the first documented one", () => {
    expect(compareShape({ builds: [{ id: "x" }] }, { builds: [{ id: "a" }, { id: 2 }] }).map(describeMismatch)).toEqual(['"builds[1].id" should be string, got number']);
  });

  it("lets a documented null or empty array stand for anything", () => {
    expect(compareShape({ error: null, artifacts: [] }, { error: { code: 1 }, artifacts: [1, "a"] })).toEqual([]);
  });

  it("reports a body of the wrong kind", () => {
    expect(compareShape({ a: 1 }, [1])).toEqual([{ path: "(body)", expected: "object", actual: "array" }]);
  });
});
