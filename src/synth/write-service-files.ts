import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedFile } from "./types.js";

export class UnsafePathError extends Error {}

/** Resolves a generated file's path inside `root`, refusing anything that would land outside it. */
export function resolveInside(root: string, relative: string): string {
  if (relative === "" || path.isAbsolute(relative) || relative.includes("\0") || relative.split(/[\\/]/).includes("..")) {
    throw new UnsafePathError(`generated file path "${relative}" is not a plain relative path`);
  }
  const resolved = path.resolve(root, relative);
  if (!resolved.startsWith(path.resolve(root) + path.sep)) {
    throw new UnsafePathError(`generated file path "${relative}" leaves the service folder`);
  }
  return resolved;
}

/**
 * Writes the service's files into `outDir` as a whole: they are written to a
 * sibling staging folder first and swapped in, so a failure never leaves a
 * half-written service behind. `keep` names entries of an existing `outDir`
 * to carry over (installed dependencies, the checkpoint).
 */
export async function writeServiceFiles(outDir: string, files: GeneratedFile[], keep: string[] = []): Promise<void> {
  const target = path.resolve(outDir);
  const staging = `${target}.staging-${randomBytes(4).toString("hex")}`;
  try {
    for (const file of files) {
      const destination = resolveInside(staging, file.path);
      await mkdir(path.dirname(destination), { recursive: true });
      await writeFile(destination, file.content);
    }
    await mkdir(staging, { recursive: true });
    for (const entry of keep) {
      await rename(path.join(target, entry), path.join(staging, entry)).catch(() => undefined);
    }
    const old = `${target}.old-${randomBytes(4).toString("hex")}`;
    await rename(target, old).catch(() => undefined);
    await rename(staging, target);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
