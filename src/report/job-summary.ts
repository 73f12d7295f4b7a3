import type { PipelineReport } from "../pipeline/types.js";
import { checkRunLinks } from "./check-run-links.js";
import { toMarkdown } from "./to-markdown.js";

/** The Action's job summary: the report, links to the check runs and the pull request, and what could not be published. */
export function jobSummary(report: PipelineReport, checkRunUrls: Partial<Record<string, string>>, pullRequest: { url: string; action: string } | null, warnings: string[]): string {
  const lines = [toMarkdown(report).trimEnd(), ...checkRunLinks(checkRunUrls)];
  if (pullRequest?.url) lines.push("", `Pull request: ${pullRequest.url} (${pullRequest.action})`);
  if (warnings.length > 0) lines.push("", "### Reporting problems", "", ...warnings.map((w) => `- ⚠️ ${w}`));
  return lines.join("\n") + "\n";
}
