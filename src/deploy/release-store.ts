import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { UsageError } from "../core/usage-error.js";
import { systemProgram } from "../core/system-program.js";
import type { Release } from "./types.js";

const exec = promisify(execFile);

/** The releases of one service, and which one runs now. */
interface ReleaseIndex {
  version: 1;
  releases: Release[];
  /** The release deployed last and healthy (what a rollback leaves running). */
  current: string | null;
  /** Automatic rollbacks since the last healthy deploy of a new release; capped. */
  autoRollbacksInARow: number;
}

/** A release index that cannot be read: named, never overwritten. */
export class ReleaseStoreError extends UsageError {}

export interface ReleaseStore {
  readonly root: string;
  list(): Promise<Release[]>;
  get(id: string): Promise<Release | null>;
  /** The folder holding the release's files, exactly as built and verified, ready to deploy. */
  materialize(id: string): Promise<string>;
  /**
   * Keeps the built service in `serviceDir` as a new release: its files,
   * build output and installed dependencies, but not `exclude` (local state).
   */
  create(serviceDir: string, meta: Omit<Release, "id" | "createdAt" | "status">, exclude: readonly string[]): Promise<Release>;
  update(id: string, change: Partial<Pick<Release, "status" | "deployedAt" | "url">>): Promise<Release>;
  current(): Promise<Release | null>;
  setCurrent(id: string): Promise<void>;
  autoRollbacksInARow(): Promise<number>;
  setAutoRollbacksInARow(count: number): Promise<void>;
}

/**
 * Releases on disk under `root` (the service's output folder keeps them in
 * `.specforge/releases`): one folder per release, never changed once made,
 * and `releases.json`, written whole through a temporary file so that a crash
 * leaves the last good index.
 */
export function createReleaseStore(root: string, now: () => Date = () => new Date()): ReleaseStore {
  const indexFile = path.join(root, "releases.json");
  const read = async (): Promise<ReleaseIndex> => {
    let text: string;
    try {
      text = await readFile(indexFile, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, releases: [], current: null, autoRollbacksInARow: 0 };
      throw error;
    }
    try {
      const index = JSON.parse(text) as ReleaseIndex;
      if (index.version !== 1 || !Array.isArray(index.releases)) throw new Error("not a version 1 release index");
      return index;
    } catch (error) {
      throw new ReleaseStoreError(`${indexFile} cannot be read (${(error as Error).message}); it was left as it is`);
    }
  };
  const write = async (index: ReleaseIndex) => {
    await mkdir(root, { recursive: true });
    const temporary = `${indexFile}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(temporary, JSON.stringify(index, null, 2) + "\n");
    await rename(temporary, indexFile);
  };
  const change = async <T>(edit: (index: ReleaseIndex) => T): Promise<T> => {
    const index = await read();
    const result = edit(index);
    await write(index);
    return result;
  };

  const store: ReleaseStore = {
    root,
    list: async () => (await read()).releases,
    get: async (id) => (await read()).releases.find((r) => r.id === id) ?? null,
    materialize: async (id) => path.join(root, id),
    async create(serviceDir, meta, exclude) {
      const index = await read();
      const id = `r${index.releases.reduce((n, r) => Math.max(n, Number(r.id.slice(1)) || 0), 0) + 1}`;
      const staging = path.join(root, `.${id}.${randomBytes(4).toString("hex")}`);
      try {
        await copyBuild(serviceDir, staging, exclude);
        await rename(staging, path.join(root, id));
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
      const release: Release = { id, ...meta, createdAt: now().toISOString(), status: "pending" };
      await change((i) => i.releases.push(release));
      return release;
    },
    update: (id, fields) =>
      change((index) => {
        const release = index.releases.find((r) => r.id === id);
        if (!release) throw new ReleaseStoreError(`there is no release ${id}`);
        Object.assign(release, fields);
        return { ...release };
      }),
    async current() {
      const index = await read();
      return index.releases.find((r) => r.id === index.current) ?? null;
    },
    setCurrent: (id) => change((index) => void (index.current = id)),
    autoRollbacksInARow: async () => (await read()).autoRollbacksInARow,
    setAutoRollbacksInARow: (count) => change((index) => void (index.autoRollbacksInARow = count)),
  };
  return store;
}

/** The newest healthy release other than `except`: what a rollback restores. */
export function lastHealthy(releases: Release[], except: string): Release | null {
  return [...releases].reverse().find((r) => r.status === "healthy" && r.id !== except) ?? null;
}

/**
 * Copies a built service. Installed dependencies are hard-linked where the
 * platform allows (they are large, and npm replaces files rather than editing
 * them, so the release's copy never changes); everything else is copied.
 */
async function copyBuild(serviceDir: string, destination: string, exclude: readonly string[]): Promise<void> {
  await mkdir(destination, { recursive: true });
  for (const entry of await readdir(serviceDir, { withFileTypes: true })) {
    if (exclude.includes(entry.name)) continue;
    const from = path.join(serviceDir, entry.name);
    const to = path.join(destination, entry.name);
    if (entry.isSymbolicLink() && entry.name === "node_modules") {
      // A link to the install cache's kept copy: the release gets its own copy (hard links would change the kept files' ctime, which the cache checks).
      await exec(systemProgram("cp"), ["-RL", from, to], { env: {} }).catch(() => cp(from, to, { recursive: true, dereference: true }));
    } else if (entry.name === "node_modules" && process.platform !== "win32") {
      await exec(systemProgram("cp"), ["-al", from, to], { env: {} }).catch(() => cp(from, to, { recursive: true, verbatimSymlinks: true }));
    } else {
      await cp(from, to, { recursive: true, verbatimSymlinks: true });
    }
  }
}
