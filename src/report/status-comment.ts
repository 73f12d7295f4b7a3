import type { SpecVerdict } from "../github/spec-verdicts.js";
import { STATUS_COMMENT_MARKER } from "../github/names.js";
import { specBlobUrl } from "./spec-links.js";
import { escapeCell, verdictTable } from "./spec-states.js";

export interface LastCommand {
  /** The command as written, first line only. */
  command: string;
  actor: string;
  result: string;
}

export interface StatusCommentInput {
  verdicts: readonly SpecVerdict[];
  sha: string;
  repoUrl: string;
  fromFork: boolean;
  approvers: readonly string[];
  lastCommand: LastCommand | null;
}

const LAST_COMMAND_MARKER = "specforge-last-command:";

/**
 * The one comment specforge keeps on a pull request, rewritten in place: the
 * services and their verdicts, the gate that waits and who may approve it, and
 * the last command with its result. The hidden markers let any replica find
 * the comment and carry the last command over when a build ends.
 */
export function statusComment(input: StatusCommentInput): string {
  const lines = [STATUS_COMMENT_MARKER, `### specforge at \`${input.sha.slice(0, 7)}\``, "", ...verdictTable(input.verdicts, (p) => specBlobUrl(input.repoUrl, input.sha, p))];
  const waiting = input.verdicts.filter((v) => v.state === "waiting");
  if (waiting.length > 0) {
    const who = input.fromFork || input.approvers.length === 0 ? "people with write, maintain or admin permission" : `people with write, maintain or admin permission, and ${input.approvers.map((a) => `@${a}`).join(", ")} (\`approvers\`)`;
    lines.push("", `**Waiting for approval:** ${waiting.map((v) => `${v.service} (${v.checkRun?.title ? escapeCell(v.checkRun.title) : "gate"})`).join(", ")}. May approve: ${who}. Comment \`/approve ${waiting.length === 1 && input.verdicts.length === 1 ? "" : `${waiting[0]?.service} `}[notes]\`.`);
  }
  if (input.fromFork) lines.push("", "This pull request comes from a fork: specforge builds it only when someone with write access asks (`/retry`).");
  if (input.lastCommand) {
    lines.push("", `**Last command:** \`${input.lastCommand.command.replace(/`/g, "'")}\` by @${input.lastCommand.actor}: ${input.lastCommand.result}`);
  }
  lines.push("", "<sub>Commands: `/approve [service] [notes]` · `/retry [service] [phase]` · `/rollback [service] [ref]` · `/cancel [service]` · `/status` · `/help`</sub>");
  if (input.lastCommand) lines.push(`<!-- ${LAST_COMMAND_MARKER}${Buffer.from(JSON.stringify(input.lastCommand)).toString("base64")} -->`);
  return lines.join("\n") + "\n";
}

/** The last command an earlier version of the comment recorded. */
export function parseLastCommand(body: string | null | undefined): LastCommand | null {
  const m = new RegExp(`<!-- ${LAST_COMMAND_MARKER}([A-Za-z0-9+/=]+) -->`).exec(body ?? "");
  if (!m) return null;
  try {
    const parsed = JSON.parse(Buffer.from(m[1] as string, "base64").toString("utf8")) as Partial<LastCommand>;
    return typeof parsed.command === "string" && typeof parsed.actor === "string" && typeof parsed.result === "string" ? { command: parsed.command, actor: parsed.actor, result: parsed.result } : null;
  } catch {
    return null;
  }
}
