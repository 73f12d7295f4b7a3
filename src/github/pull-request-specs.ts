import picomatch from "picomatch";
import { findCommitCheckRun, parseSpecsText } from "./commit-check-run.js";
import type { GitHubClient } from "./create-octokit.js";
import { isSpecforgeBranch } from "./names.js";
import { parseSpecMarker } from "./spec-identity.js";
import { listCommitCheckRuns, type ListedCheckRun } from "./spec-verdicts.js";
import type { RepoRef } from "./types.js";

/** A pull request as far as specforge's commands and status comment care. */
export interface PullRequestBuilds {
  number: number;
  /** The commit the commands act on: the pull request's head, or for a specforge pull request the commit it was built from. */
  sha: string;
  /** The branch a build dispatched from this pull request runs on. */
  ref: string;
  /** From another repository: never built unless someone with write access asks. */
  fromFork: boolean;
  /** The SPECs this pull request builds, sorted. */
  specPaths: string[];
  /** The check runs on `sha`, for the verdicts. */
  checkRuns: ListedCheckRun[];
}

type Pull = {
  number: number;
  body: string | null;
  head: { ref: string; sha: string; repo: { full_name: string } | null };
  base: { ref: string; repo: { full_name: string } };
};

/**
 * The SPECs a pull request builds: a specforge pull request's own SPEC (from
 * the marker in its body); otherwise the SPECs its files change and those the
 * app's check run on its head commit lists (a SPEC built there earlier). The
 * pull request's text and files are read as data only.
 */
export async function pullRequestBuilds(octokit: GitHubClient, repo: RepoRef, pull: Pull, globs: string[]): Promise<PullRequestBuilds> {
  const fromFork = pull.head.repo?.full_name !== pull.base.repo.full_name;
  const marker = parseSpecMarker(pull.body);
  if (marker && isSpecforgeBranch(pull.head.ref) && !fromFork) {
    const checkRuns = await listCommitCheckRuns(octokit, repo, marker.sha);
    return { number: pull.number, sha: marker.sha, ref: pull.base.ref, fromFork, specPaths: [marker.specPath], checkRuns };
  }
  const isSpec = picomatch(globs, { dot: true });
  const [files, checkRuns] = await Promise.all([
    octokit.paginate(octokit.rest.pulls.listFiles, { ...repo, pull_number: pull.number, per_page: 100 }),
    listCommitCheckRuns(octokit, repo, pull.head.sha),
  ]);
  const changed = files.filter((f) => f.status !== "removed" && isSpec(f.filename)).map((f) => f.filename);
  const built = parseSpecsText(findCommitCheckRun(checkRuns)?.output.text);
  return {
    number: pull.number,
    sha: pull.head.sha,
    // A fork's branch is not in this repository, and its workflow file must not be the one that runs.
    ref: fromFork ? pull.base.ref : pull.head.ref,
    fromFork,
    specPaths: [...new Set([...changed, ...built])].sort(),
    checkRuns,
  };
}
