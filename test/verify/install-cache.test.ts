import { lstat, mkdir, mkdtemp, readFile, readdir, realpath, rm, stat, writeFile } from "node:fs/promises";
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

/** A cache holding one kept copy, and a service folder linked to it. */
async function linkedBuild() {
  const root = await mkdtemp(path.join(os.tmpdir(), "specforge-cache-"));
  const cache = createInstallCache(root, { link: true });
  await cache.save(await service('{"lock":1}', { "node_modules/ws/index.js": "module.exports = 1;" }));
  const built = await service('{"lock":1}');
  await cache.restore(built);
  return { root, cache, built };
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

  it("links the service to the kept copy, whose files cannot be written", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "specforge-cache-"));
    const cache = createInstallCache(root, { link: true });
    await cache.save(await service('{"lock":1}', { "node_modules/ws/index.js": "module.exports = 1;" }));
    const next = await service('{"lock":1}');
    expect(await cache.restore(next)).toBe(true);
    const [entry] = await readdir(root);
    expect((await lstat(path.join(next, "node_modules"))).isSymbolicLink()).toBe(true);
    expect(await realpath(path.join(next, "node_modules/ws/index.js"))).toBe(path.join(await realpath(root), entry as string, "node_modules/ws/index.js"));
    expect((await stat(path.join(next, "node_modules/ws/index.js"))).mode & 0o222).toBe(0);
  });

  it("throws away a kept copy that a build changed through the link, and never gives it out again", async () => {
    const { root, cache, built } = await linkedBuild();
    // What a service's build could do through its node_modules: folders stay writable.
    await writeFile(path.join(built, "node_modules/ws/planted.js"), "module.exports = 'planted';");
    expect(await cache.restore(await service('{"lock":1}'))).toBe(false);
    expect(await readdir(root)).toEqual([]);
  });

  it("throws away a kept copy whose file was replaced, even with the same size", async () => {
    const { cache, built } = await linkedBuild();
    await rm(path.join(built, "node_modules/ws/index.js"));
    await writeFile(path.join(built, "node_modules/ws/index.js"), "module.exports = 2;");
    expect(await cache.restore(await service('{"lock":1}'))).toBe(false);
  });

  it("copies instead of linking when asked to", async () => {
    const cache = createInstallCache(await mkdtemp(path.join(os.tmpdir(), "specforge-cache-")), { link: false });
    await cache.save(await service('{"lock":1}', { "node_modules/ws/index.js": "module.exports = 1;" }));
    const next = await service('{"lock":1}');
    expect(await cache.restore(next)).toBe(true);
    expect((await lstat(path.join(next, "node_modules"))).isDirectory()).toBe(true);
    expect(await readFile(path.join(next, "node_modules/ws/index.js"), "utf8")).toBe("module.exports = 1;");
  });
});
