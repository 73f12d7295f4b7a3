import type { GitHubClient } from "./create-octokit.js";
import { GITHUB_LIMITS, truncate } from "./limits.js";
import { STATUS_COMMENT_MARKER } from "./names.js";
import type { RepoRef } from "./types.js";

export interface StatusCommentTarget extends RepoRef {
  issueNumber: number;
  /** The app's login: only its own comments count (anyone could paste the marker). */
  botLogin: string;
}

/**
 * Writes the pull request's one status comment: finds it by its hidden marker
 * (listing every comment, page by page), updates it, or creates it. Two
 * deliveries racing may both create one; each then lists again, keeps the
 * oldest (the lowest id, the same for both) and deletes the others, so the
 * pull request converges on one. `render` gets the current body, to carry
 * over what it records.
 */
export async function upsertStatusComment(octokit: GitHubClient, target: StatusCommentTarget, render: (current: string | null) => string): Promise<{ id: number; url: string }> {
  const { issueNumber, botLogin, ...repo } = target;
  const ours = async () =>
    (await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 }))
      .filter((c) => c.user?.login === botLogin && (c.body ?? "").startsWith(STATUS_COMMENT_MARKER))
      .sort((a, b) => a.id - b.id);
  let [kept, ...extra] = await ours();
  let body = truncate(render(kept?.body ?? null), GITHUB_LIMITS.issueCommentBody);
  if (!kept) {
    const { data: created } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
    [kept, ...extra] = await ours();
    if (!kept) return { id: created.id, url: created.html_url };
    if (kept.id === created.id) return { id: created.id, url: created.html_url };
    // Another delivery created one first: ours is a duplicate. Keep theirs, with what we have to say.
    body = truncate(render(kept.body ?? null), GITHUB_LIMITS.issueCommentBody);
  }
  for (const duplicate of extra) {
    await octokit.rest.issues.deleteComment({ ...repo, comment_id: duplicate.id }).catch((error: { status?: number }) => {
      if (error.status !== 404) throw error;
    });
  }
  if (kept.body !== body) await octokit.rest.issues.updateComment({ ...repo, comment_id: kept.id, body });
  return { id: kept.id, url: kept.html_url };
}
