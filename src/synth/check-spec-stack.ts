import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import { detectStack, type StackTechnology } from "../spec/detect-stack.js";
import { TARGET_NAMES, TARGETS, type Target, type TargetName } from "./targets.js";

/** A list item's text without its bullet and emphasis: `- **Language:** Python` reads "Language: Python". */
function plain(line: string): string {
  return line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "").replace(/[*`]/g, "").trim();
}

function generates(target: Target, technology: StackTechnology): boolean {
  return target.stack.languages.includes(technology.language) && (!technology.framework || target.stack.frameworks.includes(technology.framework));
}

/**
 * A warning when the SPEC names a stack (a "Tech Stack" section, a
 * `**Framework:**` line) that the chosen target does not generate: which
 * stack, on which line, and how to choose a target that does, if one does.
 */
export function checkSpecStack(specText: string, targetName: TargetName, file: string): Finding[] {
  const named = detectStack(specText);
  const target = TARGETS[targetName];
  if (!named || named.technologies.every((t) => generates(target, t))) return [];
  const covered = (t: Target) => named.technologies.filter((x) => generates(t, x)).length;
  const others = TARGET_NAMES.map((name) => TARGETS[name])
    .filter((t) => t !== target && covered(t) > covered(target))
    .sort((a, b) => covered(b) - covered(a));
  const best = others[0];
  const choose = (t: Target) => `--target ${t.name} (or \`target: ${t.name}\` in the configuration)`;
  const nowhere = named.technologies.filter((x) => !TARGET_NAMES.some((name) => generates(TARGETS[name], x))).map((x) => x.name);
  const how = !best
    ? `no target generates ${nowhere.join(", ") || "it"} (targets: ${TARGET_NAMES.join(", ")})`
    : covered(best) === named.technologies.length
      ? `choose ${choose(best)} to generate ${best.description}`
      : `no target generates ${nowhere.join(", ")}; ${choose(best)} generates ${best.description}`;
  return [
    {
      code: ErrorCode.DocIncomplete,
      severity: "warning",
      message: `the SPEC names ${named.technologies.map((t) => t.name).join(", ")} as its stack ("${plain(named.text)}"), but the service is generated for the ${target.name} target (${target.description}); ${how}`,
      file,
      line: named.line,
    },
  ];
}
