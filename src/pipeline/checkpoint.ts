import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { isNotGenerated, SERVICE_STATE_DIR, type ServiceLayout } from "../synth/service-layout.js";
import type { EndpointResult } from "../verify/types.js";
import type { PhaseName, PhaseReport } from "./types.js";

export const CHECKPOINT_DIR = SERVICE_STATE_DIR;
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

/** 128 bits of SHA-256 in hex: short enough for a check run's external_id, long enough never to collide here. */
const HASH_LENGTH = 32;

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, HASH_LENGTH);
}

export interface ResumeFacts {
  specHash: string;
  generator: string;
  /** Hash of the service files now on disk (null: no folder). */
  filesOnDisk: string | null;
}

/** Whether generation can be skipped: the same SPEC and generator wrote exactly the files on disk. */
export function canResumeGenerate(previous: Checkpoint | null, facts: ResumeFacts): boolean {
  return (
    previous !== null &&
    previous.specHash === facts.specHash &&
    previous.generator === facts.generator &&
    previous.completed.includes("generate") &&
    facts.filesOnDisk !== null &&
    facts.filesOnDisk === previous.filesHash
  );
}

/**
 * Which of build and verify can be skipped once the service's files are known:
 * only when an earlier run built (and verified) these very files. A build is
 * only worth skipping when its output is still on disk, unless verify is done too.
 */
export function resumableAfterGenerate(
  previous: Checkpoint | null,
  facts: { specHash: string; generator: string; filesHash: string; buildOutputExists: boolean },
): Set<PhaseName> {
  const resumable = new Set<PhaseName>();
  if (!previous || previous.specHash !== facts.specHash || previous.generator !== facts.generator || previous.filesHash !== facts.filesHash) return resumable;
  const built = previous.completed.includes("build");
  if (built && previous.completed.includes("verify")) return new Set(["build", "verify"]);
  if (built && facts.buildOutputExists) resumable.add("build");
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


/**
 * Hash of the service's generated files on disk (what `layout` says is build
 * output or state left out), or null when the folder does not exist.
 */
export async function hashServiceFiles(serviceDir: string, layout: Pick<ServiceLayout, "notGenerated">): Promise<string | null> {
  const files: Array<{ path: string; content: string }> = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(serviceDir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (isNotGenerated(child, layout)) continue;
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
  return hash.digest("hex").slice(0, HASH_LENGTH);
}
