import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";

/** Packages only `run` (verification) or an OpenAPI SPEC needs: slow to load, so never on the path of --help or analyze. */
const HEAVY = ["@readme/openapi-parser", "openapi-sampler", "ajv", "ajv-formats", "fast-check"];

/** Every module and package a source file loads before it runs: its static imports, followed; `await import()` is not. */
function staticallyLoaded(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;]*?\bfrom\s+)?"([^"]+)"/gm)) {
      const specifier = m[1] as string;
      if (specifier.startsWith(".")) visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts")));
      else packages.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] as string));
    }
  };
  visit(path.join(repoRoot, entry));
  return { files: [...files].map((f) => path.relative(repoRoot, f)), packages: [...packages] };
}

describe("what the CLI loads", () => {
  it.each(["src/cli/main.ts", "src/cli/analyze-command.ts"])("%s loads neither the OpenAPI libraries nor ajv nor fast-check", (entry) => {
    const loaded = staticallyLoaded(entry);
    expect(loaded.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    expect(loaded.files.filter((f) => f.includes("/openapi/"))).toEqual([]);
  });

  it("sees the heavy packages where they are loaded, so the check above can fail", () => {
    expect(staticallyLoaded("src/verify/probe-endpoints.ts").packages).toEqual(expect.arrayContaining(["ajv", "fast-check"]));
  });
});
