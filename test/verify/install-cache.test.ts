import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createInstallCache } from "../../src/verify/install-cache.js";

async function service(lock: string, files: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-svc-"));
  await writeFile(path.join(dir, "package-lock.json"), lock);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

describe("the install cache", () => {
  it("gives a build with the same lockfile the dependencies installed before", async () => {
    const cache = createInstallCache(await mkdtemp(path.join(os.tmpdir(), "specforge-cache-")));
    await cache.save(await service('{"lock":1}', { "node_modules/ws/index.js": "module.exports = 1;" }));
    const next = await service('{"lock":1}');
    expect(await cache.restore(next)).toBe(true);
    expect(await readFile(path.join(next, "node_modules/ws/index.js"), "utf8")).toBe("module.exports = 1;");
  });

  it("has nothing for another lockfile", async () => {
    const cache = createInstallCache(await mkdtemp(path.join(os.tmpdir(), "specforge-cache-")));
    await cache.save(await service('{"lock":1}', { "node_modules/ws/index.js": "x" }));
    expect(await cache.restore(await service('{"lock":2}'))).toBe(false);
  });

  it("never uses an entry that was not completely written", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "specforge-cache-"));
    const cache = createInstallCache(root);
    await cache.save(await service('{"lock":1}', { "node_modules/ws/index.js": "x" }));
    const [entry] = await readdir(root);
    await rm(path.join(root, entry as string, ".specforge-complete"));
    expect(await cache.restore(await service('{"lock":1}'))).toBe(false);
  });
});
