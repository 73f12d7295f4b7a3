import { formatFinding } from "../core/findings.js";
import type { PipelineReport } from "../pipeline/types.js";
import { formatDuration } from "./format-duration.js";

const STATUS_ICON: Record<string, string> = { passed: "✅", failed: "❌", skipped: "⏭️", resumed: "♻️" };

/** The build report as markdown: the CLI's `--report`, the job summary and check-run summaries. */
export function toMarkdown(report: PipelineReport): string {
  const lines: string[] = [];
  const verdict = report.verified ? "✅ verified" : "❌ not verified";
  lines.push(`## ${report.service || report.specPath}: ${verdict}`, "");
  lines.push(`SPEC \`${report.specPath}\` · version ${report.version || "?"} · generator \`${report.generator}\` · ${formatDuration(report.durationMs)}`, "");
  lines.push("| phase | result | time | tries |", "|---|---|---|---|");
  for (const p of report.phases) lines.push(`| ${p.name} | ${STATUS_ICON[p.status] ?? ""} ${p.status} | ${formatDuration(p.durationMs)} | ${p.attempts} |`);
  if (report.endpoints.length > 0) {
    const passed = report.endpoints.filter((e) => e.verified).length;
    lines.push("", `### Endpoints (${passed}/${report.endpoints.length} verified)`, "", "| | endpoint | SPEC line | result |", "|---|---|---|---|");
    for (const e of report.endpoints) {
      lines.push(`| ${e.verified ? "✅" : "❌"} | \`${e.method} ${e.path}\` | ${e.line || "—"} | ${escapeCell(e.detail)} |`);
    }
  }
  if (report.findings.length > 0) {
    lines.push("", `### Findings (${report.findings.length})`, "");
    for (const f of report.findings) lines.push(`- ${f.severity === "error" ? "❌" : "⚠️"} ${escapeInline(formatFinding(f))}`);
  }
  return lines.join("\n") + "\n";
}

function escapeCell(text: string): string {
  return escapeInline(text).replace(/\|/g, "\\|");
}

function escapeInline(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/</g, "&lt;");
}
