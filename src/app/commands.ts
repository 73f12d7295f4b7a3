import { serviceFromPath } from "../github/spec-identity.js";
import { PHASES } from "../pipeline/types.js";

export const COMMANDS = {
  approve: { changesState: true, minimum: "write", usage: "/approve [service] [notes]", help: "approve the waiting gate; the build goes on" },
  rollback: { changesState: true, minimum: "maintain", usage: "/rollback [service] [release]", help: "deploy again the release before the current one, or a named release (its commit) that ran healthy; nothing is regenerated" },
  retry: { changesState: true, minimum: "write", usage: "/retry [service] [phase]", help: "build again; with a phase, that phase and the later ones are redone" },
  cancel: { changesState: true, minimum: "write", usage: "/cancel [service]", help: "cancel the running builds" },
  status: { changesState: false, minimum: "write", usage: "/status", help: "bring the status comment up to date" },
  help: { changesState: false, minimum: "write", usage: "/help", help: "list the commands" },
} as const;

export type CommandName = keyof typeof COMMANDS;

export type ParsedCommand = { kind: "command"; name: CommandName; args: string; line: string } | { kind: "unknown"; name: string };

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
    if (name in COMMANDS) return { kind: "command", name: name as CommandName, args: (m[2] ?? "").trim(), line: line.trim() };
    return { kind: "unknown", name };
  }
  return null;
}

export type SpecSelection = { kind: "selected"; specPaths: string[]; rest: string } | { kind: "ask"; choices: string[] } | { kind: "none" };

/**
 * Which of the pull request's SPECs a command is about. The grammar is
 * `/command [service] [argument]`: the first word is the service when it names
 * one of the pull request's SPECs, by its folder (`billing`) or its path
 * (`services/billing/SPEC.md`); everything after it is the command's own
 * argument. So `/retry billing build` is service billing, phase build, and
 * `/retry build` is phase build unless a SPEC's folder is called `build`
 * (then `/retry build build`, or the path). With one SPEC the service may be
 * left out; with several, a command that changes state must name one, and
 * `/status` covers them all.
 */
export function selectSpecs(name: CommandName, args: string, specPaths: readonly string[]): SpecSelection {
  if (specPaths.length === 0) return { kind: "none" };
  const [first = "", ...rest] = args.split(/\s+/).filter(Boolean);
  const named = specPaths.filter((p) => p === first || serviceFromPath(p).toLowerCase() === first.toLowerCase());
  if (first && named.length === 1) return { kind: "selected", specPaths: named, rest: rest.join(" ") };
  if (named.length > 1) return { kind: "ask", choices: named };
  if (specPaths.length === 1 || !COMMANDS[name].changesState) return { kind: "selected", specPaths: [...specPaths], rest: args };
  return { kind: "ask", choices: [...specPaths] };
}

/** Problems with a command's own argument (after the service), or null. */
export function checkArguments(name: CommandName, args: string): string | null {
  if (name === "retry" && args && !(PHASES as readonly string[]).includes(args)) return `\`/retry\` takes a service and a phase (${PHASES.join(", ")}), not "${args}"`;
  if (name === "rollback" && args && !/^[0-9a-f]{7,40}$/i.test(args)) return `\`/rollback\` takes a release: the commit it was deployed from (7 to 40 hex characters), not "${args}"`;
  if ((name === "cancel" || name === "status" || name === "help") && args) return `\`/${name}\` takes ${name === "cancel" ? "only a service" : "no arguments"}, not "${args}"`;
  return null;
}

export function helpText(): string {
  return [
    "specforge commands, at the start of a line in a comment on a pull request that builds a SPEC (one that changes a SPEC, or one specforge opened):",
    "",
    ...Object.values(COMMANDS).map((c) => `- \`${c.usage}\`: ${c.help}`),
    "",
    "`service` is the SPEC's folder name (`billing` for `services/billing/SPEC.md`) or its path; it may be left out when the pull request builds one SPEC. The first word is read as the service when it names one: `/retry billing build` redoes billing from the build phase.",
    "",
    "Commands that change state need write, maintain or admin permission on the repository (`/rollback`: maintain or admin), or a name in `approvers` in `.github/specforge.yml`; on a pull request from a fork, only write, maintain or admin.",
  ].join("\n");
}
