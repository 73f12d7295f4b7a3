import type { PipelineReport } from "../pipeline/types.js";
import { checkRunLinks } from "./check-run-links.js";
import { mermaidTimeline } from "./timeline.js";
import { toMarkdown, type SpecLineUrl } from "./to-markdown.js";

export interface JobSummaryInput {
  report: PipelineReport;
  checkRunUrls: Partial<Record<string, string>>;
  pullRequest: { url: string; action: string } | null;
  /** The rolling pull request of learned patterns, when this build added to it. */
  learnedPullRequest?: { url: string; action: string } | null;
  warnings: string[];
  /** Links SPEC lines to the SPEC at the built commit. */
  specLine?: SpecLineUrl;
  /** Where the approval gate waits, if it does. */
  gate: "generate" | "verify" | null;
}

/** The Action's job summary: the report, the timeline of tries, links to the check runs and the pull request, and what could not be published. */
export function jobSummary(input: JobSummaryInput): string {
  const lines = [toMarkdown(input.report, input.specLine).trimEnd()];
  const timeline = mermaidTimeline(input.report, input.gate);
  if (timeline.length > 0) lines.push("", "### Timeline", "", ...timeline);
  if (input.gate) lines.push("", `⏸️ Waiting for approval after ${input.gate}: comment \`/approve [notes]\` on the pull request, or click **Approve** on the specforge check run.`);
  lines.push(...checkRunLinks(input.checkRunUrls));
  if (input.pullRequest?.url) lines.push("", `Pull request: ${input.pullRequest.url} (${input.pullRequest.action})`);
  if (input.learnedPullRequest?.url) lines.push("", `Learned patterns: ${input.learnedPullRequest.url} (${input.learnedPullRequest.action})`);
  if (input.warnings.length > 0) lines.push("", "### Reporting problems", "", ...input.warnings.map((w) => `- ⚠️ ${w}`));
  return lines.join("\n") + "\n";
}
