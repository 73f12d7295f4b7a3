import picomatch from "picomatch";
import { isSpecforgeBranch } from "./names.js";

export const NULL_SHA = "0000000000000000000000000000000000000000";
/** GitHub lists at most this many commits in a push payload. */
export const MAX_PUSH_COMMITS = 2048;

export interface PushCommit {
  added?: string[];
  modified?: string[];
  removed?: string[];
}

export interface PushFacts {
  ref: string;
  before: string;
  after: string;
  deleted: boolean;
  commits: PushCommit[];
  senderLogin: string;
}

/** Why a push starts no build, or null when it may. */
export function pushIgnoreReason(push: PushFacts, appLogin: string): string | null {
  if (push.deleted || push.after === NULL_SHA) return "branch deletion";
  if (!push.ref.startsWith("refs/heads/")) return "not a branch push";
  if (isSpecforgeBranch(push.ref.slice("refs/heads/".length))) return "a specforge branch";
  if (push.senderLogin === appLogin) return "pushed by specforge itself";
  return null;
}

/**
 * Whether the payload's file lists may be incomplete: GitHub caps the commit
 * list, sends none for a push of commits it already had, and may leave a large
 * commit's lists empty. The compare API has the full picture then.
 */
export function isPushTruncated(push: PushFacts): boolean {
  if (push.commits.length >= MAX_PUSH_COMMITS) return true;
  if (push.commits.length === 0 && push.before !== NULL_SHA) return true;
  return push.commits.some((c) => !c.added && !c.modified && !c.removed);
}

/** SPEC files the push leaves added or modified (a later removal wins; a removed one is skipped). */
export function changedSpecsFromCommits(commits: PushCommit[], globs: string[]): string[] {
  const isSpec = picomatch(globs, { dot: true });
  const state = new Map<string, "changed" | "removed">();
  for (const commit of commits) {
    for (const file of [...(commit.added ?? []), ...(commit.modified ?? [])]) state.set(file, "changed");
    for (const file of commit.removed ?? []) state.set(file, "removed");
  }
  return [...state].filter(([file, s]) => s === "changed" && isSpec(file)).map(([file]) => file).sort();
}

/** The same from the compare API's file list. */
export function changedSpecsFromFiles(files: Array<{ filename: string; status: string }>, globs: string[]): string[] {
  const isSpec = picomatch(globs, { dot: true });
  return files
    .filter((f) => f.status !== "removed" && isSpec(f.filename))
    .map((f) => f.filename)
    .sort();
}
