import type { GitHubClient } from "./create-octokit.js";
import type { RepoRef } from "./types.js";

export type RepoRole = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** The person's role on the repository, as GitHub says (never `author_association`). */
export async function getRepoRole(octokit: GitHubClient, repo: RepoRef, login: string): Promise<RepoRole> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    const role = (data.role_name ?? "").toLowerCase();
    if (["admin", "maintain", "write", "triage", "read"].includes(role)) return role as RepoRole;
    // A custom role: fall back to the base permission it grants.
    return data.permission === "admin" ? "admin" : data.permission === "write" ? "write" : data.permission === "read" ? "read" : "none";
  } catch (error) {
    if ((error as { status?: number }).status === 404) return "none";
    throw error;
  }
}

/**
 * State changes need write, maintain or admin (`minimum: "maintain"` for what
 * changes what runs in production, such as a rollback), or a name the
 * configuration lists.
 */
export function mayChangeState(role: RepoRole, login: string, approvers: readonly string[], minimum: "write" | "maintain" = "write"): boolean {
  const enough = minimum === "maintain" ? role === "admin" || role === "maintain" : role === "admin" || role === "maintain" || role === "write";
  return enough || approvers.some((a) => a.toLowerCase() === login.toLowerCase());
}
