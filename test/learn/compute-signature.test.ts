import { describe, expect, it } from "vitest";
import { computeFindingSignature, computeSignature } from "../../src/learn/compute-signature.js";

const output = "Error: listen EADDRINUSE: address already in use :::4321";

describe("computeSignature", () => {
  it("returns a 16-hex id, the class and the normalised text", () => {
    expect(computeSignature({ text: output, phase: "verify" })).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      class: "node EADDRINUSE",
      normalized: "Error: listen EADDRINUSE: address already in use <address>",
      phase: "verify",
      code: null,
      endpoint: null,
    });
  });

  it("gives the same id to outputs that differ only in what normalisation replaces", () => {
    expect(computeSignature({ text: output }).id).toBe(computeSignature({ text: "Error: listen EADDRINUSE: address already in use 127.0.0.1:5000" }).id);
  });

  it.each([
    ["phase", { phase: "build" }],
    ["code", { code: "E2001" }],
    ["endpoint", { endpoint: "GET /health" }],
  ])("gives a different id when the %s differs", (_part, context) => {
    expect(computeSignature({ text: output, ...context }).id).not.toBe(computeSignature({ text: output }).id);
  });

  it("signs a finding by its message, code and endpoint, in the phase given", () => {
    const finding = { code: "E3004", severity: "error", message: "GET /builds/7: expected a 2xx status, got 500", subject: "GET /builds/{id}", file: "SPEC.md", line: 12 } as const;
    expect(computeFindingSignature(finding, "verify")).toEqual(
      computeSignature({ text: "GET /builds/7: expected a 2xx status, got 500", code: "E3004", endpoint: "GET /builds/{id}", phase: "verify" }),
    );
  });

  it("names a finding's class by its code when its message is plain text", () => {
    expect(computeFindingSignature({ code: "E3004", severity: "error", message: "expected a 2xx status, got 500" }).class).toBe("specforge E3004");
  });
});
