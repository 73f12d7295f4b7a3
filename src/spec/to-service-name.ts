import path from "node:path";

/**
 * A kebab-case name safe for a folder, a branch (`specforge/<name>`) and an npm
 * package, from the SPEC's `Service Name`, else its title, else its folder.
 */
export function toServiceName(declaredName: string | undefined, title: string, file: string): string {
  const declared = slugify((declaredName ?? "").replace(/[`*]/g, ""));
  if (declared) return declared;
  const fromTitle = title
    .replace(/[`*]/g, "")
    .replace(/^\s*spec\s*(?::|\s[-–—])\s*/i, "")
    .replace(/\s+[-–—:]\s+.*$/, "")
    .replace(/\s+(?:service|technical specification|specification)\s*$/i, "");
  const slug = slugify(fromTitle);
  if (slug) return slug;
  const folder = path.basename(path.dirname(path.resolve(file)));
  return slugify(folder) || "service";
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}
