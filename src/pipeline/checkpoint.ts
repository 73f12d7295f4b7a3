import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EndpointResult } from "../verify/types.js";
import type { PhaseName, PhaseReport } from "./types.js";

export const CHECKPOINT_DIR = ".specforge";
const CHECKPOINT_FILE = "checkpoint.json";
const CHECKPOINT_VERSION = 1;

/** What a run leaves behind so the next run with the same SPEC and generator can resume. */
export interface Checkpoint {
  version: typeof CHECKPOINT_VERSION;
  specHash: string;
  generator: string;
  /** Hash of the generated files as written; a hand edit invalidates generate and later phases. */
  filesHash: string;
  completed: PhaseName[];
  phases: PhaseReport[];
  endpoints: EndpointResult[];
}

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Which completed phases a run may skip: pure, over the checkpoint and what is on disk now. */
export function resumablePhases(checkpoint: Checkpoint | null, current: { specHash: string; generator: string; filesHash: string | null }): Set<PhaseName> {
  if (!checkpoint || checkpoint.specHash !== current.specHash || checkpoint.generator !== current.generator) return new Set();
  if (current.filesHash === null || current.filesHash !== checkpoint.filesHash) return new Set();
  const order: PhaseName[] = ["generate", "build", "verify"];
  const resumable = new Set<PhaseName>();
  for (const phase of order) {
    if (!checkpoint.completed.includes(phase)) break;
    resumable.add(phase);
  }
  return resumable;
}

export async function readCheckpoint(serviceDir: string): Promise<Checkpoint | null> {
  try {
    const parsed = JSON.parse(await readFile(path.join(serviceDir, CHECKPOINT_DIR, CHECKPOINT_FILE), "utf8")) as Checkpoint;
    return parsed.version === CHECKPOINT_VERSION && Array.isArray(parsed.completed) ? parsed : null;
  } catch {
    // Missing or corrupt: start over, which is always safe.
    return null;
  }
}

export async function writeCheckpoint(serviceDir: string, checkpoint: Checkpoint): Promise<void> {
  const dir = path.join(serviceDir, CHECKPOINT_DIR);
  await mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `${CHECKPOINT_FILE}.${process.pid}.tmp`);
  await writeFile(temporary, JSON.stringify(checkpoint, null, 2));
  await rename(temporary, path.join(dir, CHECKPOINT_FILE));
}

const NOT_GENERATED = new Set(["node_modules", "dist", CHECKPOINT_DIR]);

/** Hash of the service's generated files on disk, or null when the folder does not exist. */
export async function hashServiceFiles(serviceDir: string): Promise<string | null> {
  const files: Array<{ path: string; content: string }> = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(serviceDir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && NOT_GENERATED.has(entry.name)) continue;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) files.push({ path: child, content: await readFile(path.join(serviceDir, child), "utf8") });
    }
  };
  try {
    await walk("");
  } catch {
    return null;
  }
  return hashGeneratedFiles(files);
}

export function hashGeneratedFiles(files: Array<{ path: string; content: string }>): string {
  const hash = createHash("sha256");
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) hash.update(`${f.path}\0`).update(f.content).update("\0");
  return hash.digest("hex");
}
