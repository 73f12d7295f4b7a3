import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { lstatSync, readdirSync, chmodSync } from "node:fs";
import { cp, mkdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { systemProgram } from "../core/system-program.js";

/** Installed dependencies kept by lockfile, so the next build of the same lockfile skips `npm ci`. */
export interface InstallCache {
  /**
   * Gives `serviceDir` the cached node_modules (a link to the kept copy, or a
   * copy where links are not used); false when there is none for this
   * lockfile, or the kept copy changed since it was saved.
   */
  restore(serviceDir: string): Promise<boolean>;
  /** Keeps `serviceDir/node_modules`, just installed, for the next build. */
  save(serviceDir: string): Promise<void>;
}

export interface InstallCacheOptions {
  /** Link the kept copy into the service (the default off Windows) instead of copying it. */
  link?: boolean;
}

export function defaultInstallCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env["SPECFORGE_CACHE_DIR"] ?? path.join(env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache"), "specforge", "node_modules");
}

/** Written last into an entry: its presence says the entry is complete, its content is the entry's manifest. */
const COMPLETE = ".specforge-complete";
/** Entries of another layout (copied, without a manifest) live under other keys and are never read. */
const FORMAT = "linked-1";

/** One file, folder or link of a kept node_modules, as the kernel describes it. */
type ManifestEntry = [relativePath: string, inode: string, size: string, ctimeNs: string];

/**
 * A cache on disk under `root`, keyed by the lockfile's hash, the platform and
 * Node's major version (npm installs platform-specific packages). An entry is
 * written to a temporary folder and renamed into place, so a half-written one
 * is never used.
 *
 * A restored service links to the kept copy instead of copying 30 MB (the
 * native TypeScript compiler is most of it). The kept copy must still never
 * change after it is saved, since generated code runs beside it: its files
 * are made read-only, and the entry records every file's inode, size and
 * change time (ctime, which no unprivileged process can set back). A restore
 * compares them first, and an entry that differs in any way (a file written,
 * added, removed or replaced through the link) is thrown away and installed
 * anew, never used.
 */
export function createInstallCache(root: string = defaultInstallCacheRoot(), options: InstallCacheOptions = {}): InstallCache {
  const link = options.link ?? process.platform !== "win32";
  const entryFor = async (serviceDir: string) => {
    const lock = await readFile(path.join(serviceDir, "package-lock.json"));
    const key = createHash("sha256").update(lock).update(`${process.platform}-${process.arch}-${process.versions.node.split(".")[0]}-${FORMAT}`).digest("hex").slice(0, 32);
    return path.join(root, key);
  };
  return {
    async restore(serviceDir) {
      const entry = await entryFor(serviceDir).catch(() => null);
      if (!entry) return false;
      const manifest = await readManifest(entry);
      if (!manifest) return false;
      const kept = path.join(entry, "node_modules");
      if (!sameManifest(manifest, snapshot(kept))) {
        // Changed after it was saved: whatever changed it, it is no longer what npm installed.
        await discard(entry);
        return false;
      }
      const target = path.join(serviceDir, "node_modules");
      await rm(target, { recursive: true, force: true });
      if (link) await symlink(kept, target, "dir");
      else await copyTree(kept, target);
      return true;
    },
    async save(serviceDir) {
      const entry = await entryFor(serviceDir);
      if (await readManifest(entry)) return;
      const staging = `${entry}.tmp-${randomBytes(4).toString("hex")}`;
      try {
        await mkdir(staging, { recursive: true });
        const kept = path.join(staging, "node_modules");
        await copyTree(path.join(serviceDir, "node_modules"), kept);
        makeFilesReadOnly(kept);
        await writeFile(path.join(staging, COMPLETE), JSON.stringify(snapshot(kept)));
        await rm(entry, { recursive: true, force: true });
        await rename(staging, entry);
      } catch {
        // Another build saved the same entry first, or the disk said no: the cache is only a speed-up.
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    },
  };
}

async function readManifest(entry: string): Promise<ManifestEntry[] | null> {
  try {
    const parsed = JSON.parse(await readFile(path.join(entry, COMPLETE), "utf8")) as unknown;
    return Array.isArray(parsed) && parsed.length > 0 ? (parsed as ManifestEntry[]) : null;
  } catch {
    return null;
  }
}

async function discard(entry: string): Promise<void> {
  const trash = `${entry}.discarded-${randomBytes(4).toString("hex")}`;
  await rename(entry, trash).catch(() => undefined);
  await rm(trash, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * Every file, folder and link under `dir`, sorted. Synchronous on purpose: a
 * node_modules of 700 entries takes ~10 ms this way, several times that
 * through the thread pool.
 */
function snapshot(dir: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  const walk = (relative: string) => {
    const full = path.join(dir, relative);
    let stat;
    try {
      stat = lstatSync(full, { bigint: true });
    } catch {
      return;
    }
    entries.push([relative, String(stat.ino), String(stat.size), String(stat.ctimeNs)]);
    if (!stat.isDirectory()) return;
    for (const name of readdirSync(full).sort()) walk(relative ? path.join(relative, name) : name);
  };
  walk("");
  return entries;
}

function sameManifest(a: readonly ManifestEntry[], b: readonly ManifestEntry[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry.join("\0") === b[i]?.join("\0"));
}

/**
 * Files lose their write permission, so a build that writes through the link
 * fails instead of changing the kept copy. Folders stay writable so that the
 * cache can still be deleted; what is added to them shows in the manifest.
 */
function makeFilesReadOnly(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeFilesReadOnly(full);
    else if (entry.isFile()) chmodSync(full, lstatSync(full).mode & 0o555);
  }
}

/**
 * Copies a folder. The system's `cp -R` (no shell, fixed arguments) copies a
 * node_modules of 600 files in ~50 ms where Node's fs.cp takes ~800 ms;
 * fs.cp remains for systems without it.
 */
async function copyTree(source: string, target: string): Promise<void> {
  if (process.platform !== "win32") {
    // The system's cp, with nothing of this process's environment: it runs outside the sandbox.
    const copied = await promisify(execFile)(systemProgram("cp"), ["-R", source, target], { env: {} }).then(
      () => true,
      () => false,
    );
    if (copied) return;
    await rm(target, { recursive: true, force: true });
  }
  await cp(source, target, { recursive: true, verbatimSymlinks: true });
}
