import { PHASES } from "../pipeline/types.js";

export const COMMANDS = {
  approve: { changesState: true, usage: "/approve [notes]", help: "approve the waiting gate; the build goes on" },
  rollback: { changesState: true, usage: "/rollback [ref]", help: "rebuild the service from an earlier commit" },
  retry: { changesState: true, usage: "/retry [phase]", help: "run the build again, redoing the phase named and those after it" },
  cancel: { changesState: true, usage: "/cancel", help: "cancel the running build" },
  status: { changesState: false, usage: "/status", help: "show the build's check runs" },
  help: { changesState: false, usage: "/help", help: "list the commands" },
} as const;

export type CommandName = keyof typeof COMMANDS;

export type ParsedCommand = { kind: "command"; name: CommandName; args: string } | { kind: "unknown"; name: string };

/**
 * The first command in a comment: `/name args` at the very start of a line,
 * outside code blocks. Quoted replies (`> /approve`) and mid-line mentions are
 * not commands.
 */
export function parseCommand(body: string): ParsedCommand | null {
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const m = /^\/([a-z][a-z-]*)(?:[ \t]+(.*))?$/i.exec(line.trimEnd());
    if (!m) continue;
    const name = (m[1] as string).toLowerCase();
    if (name in COMMANDS) return { kind: "command", name: name as CommandName, args: (m[2] ?? "").trim() };
    return { kind: "unknown", name };
  }
  return null;
}

/** Problems with a command's arguments, or null. */
export function checkArguments(name: CommandName, args: string): string | null {
  if (name === "retry" && args && !(PHASES as readonly string[]).includes(args)) return `\`/retry\` takes a phase (${PHASES.join(", ")}), not "${args}"`;
  if (name === "rollback" && args && !/^[\w./-]{1,255}$/.test(args)) return `\`/rollback\` takes a branch, tag or commit, not "${args}"`;
  if ((name === "cancel" || name === "status" || name === "help") && args) return `\`/${name}\` takes no arguments`;
  return null;
}

export function helpText(): string {
  return [
    "specforge commands (at the start of a line in a comment on a specforge pull request):",
    "",
    ...Object.values(COMMANDS).map((c) => `- \`${c.usage}\`: ${c.help}`),
    "",
    "Commands that change state need write, maintain or admin permission on the repository, or a name in `approvers` in `.github/specforge.yml`.",
  ].join("\n");
}
