import { formatFinding, type Finding } from "../core/findings.js";
import type { PhaseReport, PipelineReport } from "../pipeline/types.js";
import type { EndpointResult } from "../verify/types.js";
import { formatDuration } from "./format-duration.js";

const STATUS_ICON: Record<string, string> = { passed: "✅", failed: "❌", skipped: "⏭️", resumed: "♻️" };

/** Where a SPEC line is on GitHub (`…/blob/<sha>/<path>#L<line>`); absent, lines stay plain numbers (the CLI). */
export type SpecLineUrl = (line: number) => string;

/** The build report as markdown: the CLI's `--report`, the job summary and the pull request body. */
export function toMarkdown(report: PipelineReport, specLine?: SpecLineUrl): string {
  const verdict = report.verified ? "✅ verified" : "❌ not verified";
  const lines = [
    `## ${report.service || report.specPath}: ${verdict}`,
    "",
    `SPEC \`${report.specPath}\` · version ${report.version || "?"} · generator \`${report.generator}\` · ${formatDuration(report.durationMs)}`,
    "",
    ...phaseTable(report.phases),
  ];
  if (report.endpoints.length > 0) lines.push("", ...endpointTable(report.endpoints, specLine));
  if (report.findings.length > 0) lines.push("", `### Findings (${report.findings.length})`, "", ...findingList(report.findings, specLine));
  return lines.join("\n") + "\n";
}

export function phaseTable(phases: PhaseReport[]): string[] {
  return ["| phase | result | time | tries |", "|---|---|---|---|", ...phases.map((p) => `| ${p.name} | ${STATUS_ICON[p.status] ?? ""} ${p.status} | ${formatDuration(p.durationMs)} | ${p.attempts} |`)];
}

/** The endpoints grouped by result, the failures first: what a reader looks for is at the top. */
export function endpointTable(endpoints: EndpointResult[], specLine?: SpecLineUrl): string[] {
  const failed = endpoints.filter((e) => !e.verified);
  const passed = endpoints.filter((e) => e.verified);
  const group = (title: string, list: EndpointResult[]) =>
    list.length === 0
      ? []
      : ["", `**${title} (${list.length})**`, "", "| endpoint | SPEC line | result |", "|---|---|---|", ...list.map((e) => `| \`${e.method} ${e.path}\` | ${lineCell(e.line, specLine)} | ${escapeCell(e.detail)}${failedChecks(e)} |`)];
  return [`### Endpoints (${passed.length}/${endpoints.length} verified)`, ...group("❌ Failed", failed), ...group("✅ Verified", passed)];
}

export function findingList(findings: Finding[], specLine?: SpecLineUrl): string[] {
  return findings.map((f) => {
    const icon = f.severity === "error" ? "❌" : "⚠️";
    if (!specLine || !f.line) return `- ${icon} ${escapeInline(formatFinding(f))}`;
    const where = `${f.file ?? "SPEC"}:${f.line}`;
    return `- ${icon} [${escapeInline(where)}](${specLine(f.line)}): ${escapeInline(formatFinding({ ...f, file: undefined, line: undefined }))}`;
  });
}

/** The checks an endpoint failed, by kind and where the expectation came from: ` · failed: schema (SPEC), fuzz (inferred)`. */
function failedChecks(e: EndpointResult): string {
  // A checkpoint written before checks were reported has none.
  const failed = (e.checks ?? []).filter((c) => !c.ok);
  return failed.length === 0 ? "" : ` · failed: ${failed.map((c) => `${c.kind} (${c.source === "spec" ? "SPEC" : "inferred"})`).join(", ")}`;
}

function lineCell(line: number, specLine?: SpecLineUrl): string {
  if (!line) return "—";
  return specLine ? `[${line}](${specLine(line)})` : String(line);
}

function escapeCell(text: string): string {
  return escapeInline(text).replace(/\|/g, "\\|");
}

function escapeInline(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/</g, "&lt;");
}
