import { mkdtemp, readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveInside, UnsafePathError, writeServiceFiles } from "../../src/synth/write-service-files.js";

const tempDir = () => mkdtemp(path.join(os.tmpdir(), "specforge-write-"));

describe("resolveInside", () => {
  it.each(["../escape.ts", "src/../../escape.ts", "/etc/passwd", "", "a\0b"])("refuses %j", (bad) => {
    expect(() => resolveInside("/srv/out", bad)).toThrow(UnsafePathError);
  });

  it("accepts a nested relative path", () => {
    expect(resolveInside("/srv/out", "src/a.ts")).toBe("/srv/out/src/a.ts");
  });
});

describe("writeServiceFiles", () => {
  it("replaces the folder's files and keeps the entries it is told to keep", async () => {
    const root = await tempDir();
    const out = path.join(root, "svc");
    await mkdir(path.join(out, "node_modules"), { recursive: true });
    await writeFile(path.join(out, "node_modules", "marker"), "kept");
    await writeFile(path.join(out, "stale.ts"), "old");
    await writeServiceFiles(out, [{ path: "src/a.ts", content: "new" }], ["node_modules"]);
    expect((await readdir(out)).sort()).toEqual(["node_modules", "src"]);
    expect(await readFile(path.join(out, "node_modules", "marker"), "utf8")).toBe("kept");
  });

  it("leaves the existing folder untouched when a path is unsafe", async () => {
    const root = await tempDir();
    const out = path.join(root, "svc");
    await mkdir(out);
    await writeFile(path.join(out, "keep.ts"), "original");
    await expect(writeServiceFiles(out, [{ path: "ok.ts", content: "x" }, { path: "../evil.ts", content: "x" }])).rejects.toThrow(UnsafePathError);
    expect(await readdir(root)).toEqual(["svc"]);
    expect(await readdir(out)).toEqual(["keep.ts"]);
  });
});
