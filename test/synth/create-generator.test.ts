import { describe, expect, it } from "vitest";
import { createGenerator, UnknownGeneratorError } from "../../src/synth/create-generator.js";

describe("choosing a generator and a target", () => {
  it("generates TypeScript on Node by default", async () => {
    const generator = await createGenerator("template");
    expect([generator.target, generator.version]).toEqual(["typescript-node", expect.stringMatching(/^1\+typescript-node\+[0-9a-f]{12}$/)]);
  });

  it("generates the target it is given, under a version that names it", async () => {
    const generator = await createGenerator("template", { target: "python-fastapi" });
    expect([generator.target, generator.version]).toEqual(["python-fastapi", expect.stringMatching(/^1\+python-fastapi\+[0-9a-f]{12}$/)]);
  });

  it("refuses an unknown target as a usage error that lists the targets", async () => {
    await expect(createGenerator("template", { target: "go-gin" })).rejects.toThrow(new UnknownGeneratorError('unknown target "go-gin" (use: typescript-node, python-fastapi)'));
  });
});
