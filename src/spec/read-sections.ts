import type { Dependency } from "./types.js";

/** The parts of a SPEC outside its endpoints that the analyzer reads. */
export type SectionKind = "dependencies" | "successCriteria" | "performanceTargets" | "purpose" | "other";

export function classifySection(heading: string): SectionKind {
  const h = heading.toLowerCase();
  if (/\bdependenc/.test(h) && !/\/dependencies/.test(h)) return "dependencies";
  if (/success criteria|definition of done|acceptance criteria/.test(h)) return "successCriteria";
  if (/performance (?:targets|requirements|goals)|\bsla\b/.test(h)) return "performanceTargets";
  if (/^purpose\b|^overview\b/.test(h)) return "purpose";
  return "other";
}

/** null: a group that lists no services of ours (external APIs, libraries). */
export function classifyDependencyGroup(heading: string): boolean | null {
  const h = heading.toLowerCase();
  if (/optional/.test(h)) return false;
  if (/required|services/.test(h)) return true;
  return null;
}

export function readDependency(text: string, line: number, required: boolean): Dependency | null {
  if (/^none\b/i.test(text)) return null;
  const port = /\(\s*(?:port\s*:?\s*)?(\d{2,5})\s*\)/i.exec(text);
  const name = text.split(/\s+[-–—(:]|\s*\(/)[0]?.trim() ?? "";
  if (!name) return null;
  const description = text.replace(/^[^-–—]*[-–—]\s*/, "").trim();
  const dep: Dependency = { name, required, description: description === text ? "" : description, line };
  if (port) dep.port = Number(port[1]);
  return dep;
}

export function cleanListText(text: string): string {
  return text.replace(/^\s*(?:[-*]\s*)?(?:\[[ xX]\]\s*)?[✅✓☑❌]?\s*/u, "").trim();
}

/** The first word of a `**Version:** `1.2.0`` value, without markup. */
export function cleanValue(value: string | undefined): string {
  return (value ?? "").replace(/[`*]/g, "").trim().split(/\s+/)[0] ?? "";
}
