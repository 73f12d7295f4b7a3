import { assessSpecChange } from "../risk/assess-spec-change.js";
import type { RiskAssessment } from "../risk/grade-change.js";
import type { GitHubClient } from "./create-octokit.js";
import type { RepoRef } from "./types.js";

/** Who approved a build for deploy, kept in the gate's check run (the state lives in GitHub). */
export interface ApprovalLedger {
  approvals: Array<{ login: string; at: string }>;
}

const MARKER = "specforge-approvals:";

export function toLedgerText(ledger: ApprovalLedger): string {
  return `<!-- ${MARKER}${Buffer.from(JSON.stringify(ledger)).toString("base64")} -->`;
}

export function parseLedgerText(text: string | null | undefined): ApprovalLedger {
  const m = new RegExp(`<!-- ${MARKER}([A-Za-z0-9+/=]+) -->`).exec(text ?? "");
  if (!m) return { approvals: [] };
  try {
    const parsed = JSON.parse(Buffer.from(m[1] as string, "base64").toString("utf8")) as ApprovalLedger;
    return Array.isArray(parsed.approvals) ? { approvals: parsed.approvals.filter((a) => typeof a.login === "string") } : { approvals: [] };
  } catch {
    return { approvals: [] };
  }
}

/**
 * Records one more approval: each person counts once, and the person who
 * pushed the change does not count unless the configuration says so.
 */
export function recordApproval(ledger: ApprovalLedger, login: string, pusher: string, countPusher: boolean, at: string): { ledger: ApprovalLedger; refused: string | null } {
  if (!login) return { ledger, refused: null };
  if (!countPusher && pusher && login.toLowerCase() === pusher.toLowerCase()) return { ledger, refused: `@${login} pushed this change and cannot approve it` };
  if (ledger.approvals.some((a) => a.login.toLowerCase() === login.toLowerCase())) return { ledger, refused: `@${login} has already approved it` };
  return { ledger: { approvals: [...ledger.approvals, { login, at }] }, refused: null };
}

/**
 * The risk of the SPEC change a commit makes, from GitHub: the SPEC as the
 * commit's parent had it (none: a new SPEC, every endpoint added) against its
 * text now; and who pushed it (the commit's author).
 */
export async function assessCommit(octokit: GitHubClient, repo: RepoRef, sha: string, specPath: string, specText: string): Promise<RiskAssessment & { pusher: string }> {
  const { data: commit } = await octokit.rest.repos.getCommit({ ...repo, ref: sha });
  const parent = commit.parents[0]?.sha;
  let before = "";
  if (parent) {
    try {
      const { data } = await octokit.rest.repos.getContent({ ...repo, path: specPath, ref: parent });
      if (!Array.isArray(data) && data.type === "file" && "content" in data) before = Buffer.from(data.content, "base64").toString("utf8");
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
  }
  // A new SPEC breaks nobody: nothing was deployed from it before.
  if (!before) return { grade: "medium", reasons: ["a new SPEC: every endpoint is new"], changes: [], pusher: commit.author?.login ?? "" };
  const assessment = assessSpecChange({ text: before, file: `${specPath}@${parent?.slice(0, 7) ?? "none"}` }, { text: specText, file: specPath });
  return { ...assessment, pusher: commit.author?.login ?? "" };
}
