import { formatFinding, type Finding } from "../core/findings.js";
import type { PhaseReport, PipelineReport } from "../pipeline/types.js";
import type { EndpointResult } from "../verify/types.js";
import { formatDuration } from "./format-duration.js";

const STATUS_ICON: Record<string, string> = { passed: "✅", failed: "❌", skipped: "⏭️", resumed: "♻️" };

/** The build report as markdown: the CLI's `--report`, the job summary and the pull request body. */
export function toMarkdown(report: PipelineReport): string {
  const verdict = report.verified ? "✅ verified" : "❌ not verified";
  const lines = [
    `## ${report.service || report.specPath}: ${verdict}`,
    "",
    `SPEC \`${report.specPath}\` · version ${report.version || "?"} · generator \`${report.generator}\` · ${formatDuration(report.durationMs)}`,
    "",
    ...phaseTable(report.phases),
  ];
  if (report.endpoints.length > 0) lines.push("", ...endpointTable(report.endpoints));
  if (report.findings.length > 0) lines.push("", `### Findings (${report.findings.length})`, "", ...findingList(report.findings));
  return lines.join("\n") + "\n";
}

export function phaseTable(phases: PhaseReport[]): string[] {
  return ["| phase | result | time | tries |", "|---|---|---|---|", ...phases.map((p) => `| ${p.name} | ${STATUS_ICON[p.status] ?? ""} ${p.status} | ${formatDuration(p.durationMs)} | ${p.attempts} |`)];
}

export function endpointTable(endpoints: EndpointResult[]): string[] {
  const passed = endpoints.filter((e) => e.verified).length;
  return [
    `### Endpoints (${passed}/${endpoints.length} verified)`,
    "",
    "| | endpoint | SPEC line | result |",
    "|---|---|---|---|",
    ...endpoints.map((e) => `| ${e.verified ? "✅" : "❌"} | \`${e.method} ${e.path}\` | ${e.line || "—"} | ${escapeCell(e.detail)} |`),
  ];
}

export function findingList(findings: Finding[]): string[] {
  return findings.map((f) => `- ${f.severity === "error" ? "❌" : "⚠️"} ${escapeInline(formatFinding(f))}`);
}

function escapeCell(text: string): string {
  return escapeInline(text).replace(/\|/g, "\\|");
}

function escapeInline(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/</g, "&lt;");
}
