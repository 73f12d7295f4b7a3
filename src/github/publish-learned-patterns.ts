import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LearningSession } from "../learn/learning-session.js";
import type { GitHubClient } from "./create-octokit.js";
import { cleanGit, pushAuthConfig, scratchRepository, type GitAccess } from "./git-access.js";
import { GITHUB_LIMITS, truncate } from "./limits.js";
import { LEARNED_PATTERNS_BRANCH } from "./names.js";
import type { RepoRef } from "./types.js";

export interface LearnedPatternsInput {
  repo: RepoRef;
  /** How to reach `origin`, read from the checkout before generated code ran. */
  access: GitAccess;
  /** The branch the pull request targets: the repository's default branch. */
  baseBranch: string;
  /** The store's folder in the repository (`patterns:` in the configuration). */
  patternsPath: string;
  session: LearningSession;
  author: { name: string; email: string };
  /** Which build learned it, for the commit message. */
  from: string;
}

export interface LearnedPatternsPullRequest {
  url: string;
  number: number;
  action: "opened" | "updated";
}

/** How often the push is retried when another build pushed the branch first. */
const PUSH_ATTEMPTS = 3;
const REMOTE_REF = `refs/remotes/origin/${LEARNED_PATTERNS_BRANCH}`;

/**
 * Proposes what a build learned in one rolling pull request per repository
 * (`specforge/learned-patterns`), never on the default branch itself. The
 * build's increments are applied to the branch as it is on `origin` (or to
 * the default branch when there is none yet) and pushed without force: when
 * another build pushed first, they are applied again to its result, so no
 * count is lost. Null when there was nothing to propose.
 */
export async function publishLearnedPatterns(octokit: GitHubClient, input: LearnedPatternsInput): Promise<LearnedPatternsPullRequest | null> {
  if (!input.session.hasNews) return null;
  const relative = insideRepository(input.patternsPath);
  let pushed = false;
  for (let attempt = 1; attempt <= PUSH_ATTEMPTS && !pushed; attempt++) {
    const outcome = await commitLearned(input, relative);
    if (outcome === "unchanged") break;
    pushed = outcome === "pushed";
  }
  if (!pushed) return null;

  const { owner, repo } = input.repo;
  const title = "specforge: learned failure patterns";
  const body = truncate(learnedBody(input.session, input.patternsPath), GITHUB_LIMITS.pullRequestBody);
  const { data: open } = await octokit.rest.pulls.list({ owner, repo, head: `${owner}:${LEARNED_PATTERNS_BRANCH}`, state: "open", per_page: 1 });
  const existing = open[0];
  if (existing) {
    await octokit.rest.pulls.update({ owner, repo, pull_number: existing.number, title, body });
    return { url: existing.html_url, number: existing.number, action: "updated" };
  }
  const { data: created } = await octokit.rest.pulls.create({ owner, repo, head: LEARNED_PATTERNS_BRANCH, base: input.baseBranch, title, body, maintainer_can_modify: true });
  return { url: created.html_url, number: created.number, action: "opened" };
}

async function commitLearned(input: LearnedPatternsInput, relative: string): Promise<"pushed" | "rejected" | "unchanged"> {
  const base = `refs/remotes/origin/${input.baseBranch}`;
  const scratch = await scratchRepository(input.access, [`+refs/heads/${LEARNED_PATTERNS_BRANCH}:${REMOTE_REF}`, `+refs/heads/${input.baseBranch}:${base}`]);
  try {
    const [branchExists, baseExists] = scratch.fetched;
    if (!branchExists && !baseExists) throw new Error(`origin has no branch ${input.baseBranch} to propose learned patterns to`);
    await scratch.git.raw(["checkout", "--quiet", "--detach", branchExists ? REMOTE_REF : base]);
    await input.session.save(path.join(scratch.dir, relative));
    await scratch.git.add(["-A", "--", relative]);
    if ((await scratch.git.diff(["--cached", "--name-only"])).trim() === "") return "unchanged";
    await scratch.git.raw(["-c", `user.name=${input.author.name}`, "-c", `user.email=${input.author.email}`, "commit", "--quiet", "-m", `specforge: learned failure patterns\n\nFrom ${input.from}.`]);
    try {
      await cleanGit(scratch.dir, input.access.git, pushAuthConfig(input.access)).push(input.access.remoteUrl, `HEAD:refs/heads/${LEARNED_PATTERNS_BRANCH}`);
      return "pushed";
    } catch {
      // Another build pushed the branch since it was fetched: apply the increments again to its result.
      return "rejected";
    }
  } finally {
    await rm(scratch.dir, { recursive: true, force: true });
  }
}

/**
 * A working copy of the repository's pattern store for a build to learn
 * from: the rolling branch's when there is one (it has what earlier builds
 * learned and nobody merged yet), else the checked-out folder's. The caller
 * removes it.
 */
export async function checkoutLearnedStore(workspace: string, patternsPath: string, access: GitAccess | null): Promise<string> {
  const relative = insideRepository(patternsPath);
  const store = await mkdtemp(path.join(os.tmpdir(), "specforge-patterns-"));
  const scratch = access ? await scratchRepository(access, [`+refs/heads/${LEARNED_PATTERNS_BRANCH}:${REMOTE_REF}`]) : null;
  try {
    if (scratch?.fetched[0]) {
      await scratch.git.raw(["checkout", "--quiet", "--detach", REMOTE_REF]);
      await cp(path.join(scratch.dir, relative), store, { recursive: true }).catch(() => undefined);
    } else {
      await cp(path.join(workspace, relative), store, { recursive: true }).catch(() => undefined);
    }
    return store;
  } finally {
    if (scratch) await rm(scratch.dir, { recursive: true, force: true });
  }
}

function insideRepository(patternsPath: string): string {
  const relative = path.normalize(patternsPath);
  if (relative.startsWith("..") || path.isAbsolute(relative)) throw new Error(`patterns "${patternsPath}" is not a folder inside the repository`);
  return relative;
}

/** The pull request's body: the patterns this build saw, new ones first, with their counts and records. */
function learnedBody(session: LearningSession, patternsPath: string): string {
  const touched = session.touched().sort((a, b) => Number(session.isNew(b.id)) - Number(session.isNew(a.id)) || b.seen - a.seen);
  const rows = touched.map((p) => {
    const strategies = Object.entries(p.strategies).map(([name, s]) => `${name} ${s.worked}/${s.tried}`).join(", ") || "—";
    return `| ${session.isNew(p.id) ? "new" : "changed"} | \`${p.id}\` | ${p.code ?? ""} ${p.phase ?? ""}${p.endpoint ? ` \`${p.endpoint}\`` : ""} | ${p.class} | ${p.seen} | ${strategies} |`;
  });
  return [
    `Failure patterns specforge learned, and the prevention tests it kept, for \`${patternsPath}\`. Merging keeps them: later builds pick recovery strategies by these records and run these tests. This pull request is updated by every build that learns something.`,
    "",
    "| | pattern | where | class | seen | strategies (worked/tried) |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
