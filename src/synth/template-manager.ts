import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Mustache from "mustache";
import type { GeneratedFile } from "./types.js";

export interface TemplateSet {
  name: string;
  /** Changes whenever any template file changes: part of the generator's version. */
  hash: string;
  render(view: Record<string, unknown>): GeneratedFile[];
}

const TEMPLATE_SUFFIX = ".tpl";
const DOT_PREFIX = "dot-";

export function templatesRoot(): string {
  // Works from src/ (tests) and dist/ (the CLI): templates/ sits at the package root.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../templates");
}

/**
 * Loads a template folder (`templates/<name>/`). Every `*.tpl` file is a
 * Mustache template rendered to the same path without `.tpl`; `dot-x` becomes
 * `.x` (npm drops dotfiles from packages). Values are inserted unescaped, so
 * views must pass code-safe values (JSON-encoded where they land in code).
 */
export async function loadTemplateSet(name: string, root = templatesRoot()): Promise<TemplateSet> {
  const dir = path.join(root, name);
  const files = (await listFiles(dir)).sort();
  if (files.length === 0) throw new Error(`template set "${name}" not found in ${root}`);
  const sources = await Promise.all(files.map(async (rel) => ({ rel, text: await readFile(path.join(dir, rel), "utf8") })));
  const hash = createHash("sha256");
  for (const s of sources) hash.update(`${s.rel}\0${s.text}\0`);
  return {
    name,
    hash: hash.digest("hex").slice(0, 12),
    render(view) {
      return sources
        .map((s) => ({
          path: outputPath(s.rel),
          content: s.rel.endsWith(TEMPLATE_SUFFIX) ? Mustache.render(s.text, view, {}, { escape: (v: unknown) => String(v) }) : s.text,
        }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

function outputPath(rel: string): string {
  const withoutSuffix = rel.endsWith(TEMPLATE_SUFFIX) ? rel.slice(0, -TEMPLATE_SUFFIX.length) : rel;
  return withoutSuffix
    .split("/")
    .map((part) => (part.startsWith(DOT_PREFIX) ? `.${part.slice(DOT_PREFIX.length)}` : part))
    .join("/");
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}
