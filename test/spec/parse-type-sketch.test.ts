import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { parseTypeSketches } from "../../src/spec/parse-type-sketch.js";
import { fixture } from "../helpers/paths.js";

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

  it("give a SPEC's endpoints their request and response shapes, at the sketch's line", () => {
    const file = fixture("specs/type-sketches.md");
    const { spec } = parseSpec(readFileSync(file, "utf8"), file);
    const submit = spec.endpoints.find((e) => e.path === "/reports/submit");
    expect(submit?.request).toMatchObject({ line: 11, value: { employee: { id: "string" }, claim: { amount: 0, currency: "string", costCentre: "string" } } });
    expect(submit?.response).toMatchObject({ line: 24, value: { reportId: "string", autoApproved: false, approvers: [], needsReceipts: false } });
    expect(spec.endpoints.find((e) => e.path === "/reports")?.query).toEqual({ employee: "", status: "", minAmount: "", since: "", limit: "" });
  });
});
