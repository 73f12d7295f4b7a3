// Prints the CHANGELOG.md section of one version (`node scripts/release-notes.mjs 1.2.3`), for the
// GitHub release. Fails when the CHANGELOG has no section for it: every release says what changed.
import { readFileSync } from "node:fs";

const version = process.argv[2];
if (!version) {
  console.error("usage: node scripts/release-notes.mjs <version>");
  process.exit(2);
}
const lines = readFileSync(new URL("../CHANGELOG.md", import.meta.url), "utf8").split("\n");
const start = lines.findIndex((line) => line.startsWith(`## ${version}`) || line.startsWith(`## [${version}]`));
if (start < 0) {
  console.error(`CHANGELOG.md has no "## ${version}" section`);
  process.exit(1);
}
const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
console.log(lines.slice(start + 1, end < 0 ? undefined : end).join("\n").trim());
