import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { parseTypeSketches } from "../../src/spec/parse-type-sketch.js";
import { sharedDir } from "../helpers/paths.js";

describe("TypeScript-like request and response sketches", () => {
  it("become examples: placeholders by type, optional fields left out, unknown types matching anything", () => {
    const [sketch] = parseTypeSketches(
      ["Response {", "  patterns: DebugPattern[];", "  total: number;", "  at: ISO8601;", "  tests: {", "    patternId: string;", "  }[];", "  status?: 'a' | 'b';", "  kind: 'x' | 'y';", "  extra: Record<string, string>;", "}"].join("\n"),
    );
    expect(sketch).toEqual({
      role: "response",
      lineOffset: 0,
      value: { patterns: [], total: 0, at: "2025-01-01T00:00:00Z", tests: [{ patternId: "string" }], kind: "x", extra: {} },
    });
  });

  it("give the verification seed's endpoints their request and response shapes, at the sketch's line", () => {
    const file = path.join(sharedDir, "seeds/build-from-scratch-verification.md");
    const { spec } = parseSpec(readFileSync(file, "utf8"), file);
    const report = spec.endpoints.find((e) => e.path === "/debug/report-error");
    expect(report?.request).toMatchObject({ line: 202, value: { error: { message: "string" }, context: { component: "string", phase: "string", buildRunId: "string" } } });
    expect(report?.response).toMatchObject({ line: 216, value: { patternId: "string", isNewPattern: false, suggestedStrategies: [], preventionAvailable: false } });
    expect(spec.endpoints.find((e) => e.path === "/debug/patterns")?.query).toEqual({ component: "", errorType: "", minFrequency: "", since: "", limit: "", offset: "" });
  });
});
