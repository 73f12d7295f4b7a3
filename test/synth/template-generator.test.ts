import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { toContract } from "../../src/spec/to-contract.js";
import { createTemplateGenerator } from "../../src/synth/template-generator.js";
import { buildExecutorSpec } from "../helpers/paths.js";

async function generate(text: string) {
  const { spec } = parseSpec(text, "SPEC.md");
  const generator = await createTemplateGenerator();
  return generator.generate({ spec, contract: toContract(spec), specText: text, attempt: 1, previousFindings: [] });
}

describe("the template generator", () => {
  const text = readFileSync(buildExecutorSpec, "utf8");

  it("gives byte-identical files for the same SPEC", async () => {
    expect(JSON.stringify(await generate(text))).toBe(JSON.stringify(await generate(text)));
  });

  it("changes only what a SPEC change touches", async () => {
    const before = await generate(text);
    const after = await generate(text.replace("**Version:** 1.0.0", "**Version:** 1.1.0"));
    const changed = after.filter((f, i) => f.content !== before[i]?.content).map((f) => f.path);
    expect(changed).toEqual(["README.md", "package-lock.json", "package.json", "src/contract.ts"]);
  });

  it("writes a project a team can own: sources, tests, lockfile, README", async () => {
    expect((await generate(text)).map((f) => f.path)).toEqual([
      ".gitignore",
      "README.md",
      "package-lock.json",
      "package.json",
      "src/contract.ts",
      "src/dependencies.ts",
      "src/handlers.ts",
      "src/metrics.ts",
      "src/router.ts",
      "src/routes.ts",
      "src/server.ts",
      "src/shape.ts",
      "src/store.ts",
      "src/stream.ts",
      "src/types.ts",
      "src/validate.ts",
      "test/helpers.ts",
      "test/service.test.ts",
      "tsconfig.json",
    ]);
  });

  it("writes one test per endpoint plus validation, read-back and stream tests", async () => {
    const tests = (await generate(text)).find((f) => f.path === "test/service.test.ts")?.content ?? "";
    const names = [...tests.matchAll(/^test\("([^"]+)"/gm)].map((m) => m[1]);
    expect(names).toHaveLength(16);
    expect(names).toContain("POST /builds/submit refuses a request without spec_path");
    expect(names).toContain("GET /builds/{build_id}/status reads back a created build_id");
    expect(names).toContain("WS /builds/{build_id}/stream streams documented events");
  });

  it("keeps SPEC text that looks like code inside JSON strings and comments", async () => {
    const hostile = text.replace("### POST /builds/submit", "### POST /builds/submit - Submit */ process.exit(1); /* ").replace('"spec_path": "services/', '"spec_path": "\\"); process.exit(1); //');
    expect(hostile).not.toBe(text);
    expect(hostile).toContain("*/ process.exit(1); /*");
    expect(hostile).toContain('"\\"); process.exit(1); //');
    const files = await generate(hostile);
    const routes = files.find((f) => f.path === "src/routes.ts")?.content ?? "";
    // The summary lands in a comment, defused.
    expect(routes).toContain("Submit * / process.exit(1); /*");
    expect(routes).not.toContain("*/ process.exit");
    const contract = files.find((f) => f.path === "src/contract.ts")?.content ?? "";
    const json = contract.slice(contract.indexOf("= ") + 2, contract.lastIndexOf(";"));
    expect(() => JSON.parse(json)).not.toThrow();
  });
});
