import type { PipelineReport } from "../pipeline/types.js";

/**
 * The run as a Mermaid Gantt chart: one row per phase, one bar per try, the
 * failed tries marked `crit`, and a milestone where an approval gate waits.
 *
 * Where it goes: GitHub renders ```` ```mermaid ```` blocks in Markdown it
 * shows in issues, pull requests (bodies and comments), discussions, wikis and
 * files ("Creating diagrams" in GitHub's docs), and in Actions job summaries.
 * A check run's summary is not among those: it shows the block as code, so
 * the check runs keep the phase table (with tries) and point to the workflow
 * run's summary, and the timeline goes in the job summary and the service's
 * pull request.
 *
 * Times are milliseconds from the start of the run (`dateFormat x`), shown as
 * minutes:seconds; Mermaid's task syntax reserves `:` `,` and `#`, which no
 * phase or label here contains.
 */
export function mermaidTimeline(report: PipelineReport, gate: "generate" | "verify" | null): string[] {
  const tries = report.attempts;
  if (tries.length === 0) return [];
  const lines = ["```mermaid", "gantt", `  title ${label(report.service || "build")}: phases and tries`, "  dateFormat x", "  axisFormat %M:%S"];
  for (const phase of [...new Set(tries.map((t) => t.phase))]) {
    lines.push(`  section ${phase}`);
    for (const t of tries.filter((x) => x.phase === phase)) {
      const name = t.status === "resumed" ? "resumed" : `try ${t.attempt} ${t.status}`;
      // A bar needs some width to be seen; a resumed phase took none.
      const end = t.startMs + Math.max(t.durationMs, 1);
      lines.push(`  ${name} :${t.status === "failed" ? "crit" : "done"}, ${t.startMs}, ${end}`);
    }
  }
  if (gate) {
    const at = report.durationMs;
    lines.push("  section approval", `  waiting for approval after ${gate} :milestone, ${at}, ${at}`);
  }
  lines.push("```");
  return lines;
}

function label(text: string): string {
  return text.replace(/[:#;,]/g, " ");
}
