import type { PipelineReport } from "../pipeline/types.js";
import { formatDuration } from "../report/format-duration.js";

/** The final table printed after a run. */
export function formatSummary(report: PipelineReport): string {
  const rows: string[][] = [["phase", "result", "time", "tries"]];
  for (const p of report.phases) rows.push([p.name, p.status, formatDuration(p.durationMs), String(p.attempts)]);
  const lines = [table(rows)];
  if (report.endpoints.length > 0) {
    const endpointRows = [["", "endpoint", "line", "result"]];
    for (const e of report.endpoints) endpointRows.push([e.verified ? "✓" : "✗", `${e.method} ${e.path}`, e.line ? String(e.line) : "-", e.detail]);
    lines.push("", table(endpointRows));
  }
  const passed = report.endpoints.filter((e) => e.verified).length;
  lines.push(
    "",
    report.verified
      ? `✓ ${report.service} ${report.version} verified: ${passed}/${report.endpoints.length} endpoints in ${formatDuration(report.durationMs)}; service in ${report.outDir}`
      : `✗ ${report.service || report.specPath} not verified (${report.findings.filter((f) => f.severity === "error").length} errors)`,
  );
  return lines.join("\n") + "\n";
}

// A padded table is a few lines; a table library would be a dependency for no gain.
function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd())
    .join("\n");
}
