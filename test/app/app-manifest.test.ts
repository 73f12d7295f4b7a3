import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../helpers/paths.js";

const manifest = parse(readFileSync(path.join(repoRoot, "app.yml"), "utf8")) as { default_events: string[]; default_permissions: Record<string, string> };
const source = (file: string) => readFileSync(path.join(repoRoot, "src/app", file), "utf8");

describe("app.yml", () => {
  it("subscribes to exactly the events the app handles", () => {
    const handled = [...source("index.ts").matchAll(/app\.on\("([a-z_]+)/g)].map((m) => m[1]);
    expect([...manifest.default_events].sort()).toEqual([...new Set(handled)].sort());
  });

  it("asks for the least permissions that work, none of them admin", () => {
    expect(manifest.default_permissions).toEqual({ actions: "write", checks: "write", contents: "read", issues: "write", pull_requests: "read", metadata: "read" });
  });
});
