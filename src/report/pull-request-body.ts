import { toSpecMarker } from "../github/spec-identity.js";
import type { PipelineReport } from "../pipeline/types.js";
import { checkRunLinks } from "./check-run-links.js";
import { mermaidTimeline } from "./timeline.js";
import { toMarkdown, type SpecLineUrl } from "./to-markdown.js";

/** The service pull request's body: what it proposes, the report and its timeline, and the hidden SPEC/commit marker the app reads. */
export function pullRequestBody(report: PipelineReport, checkRunUrls: Partial<Record<string, string>>, sha: string, gate: "generate" | "verify" | null, specLine?: SpecLineUrl): string {
  const timeline = mermaidTimeline(report, gate);
  return [
    gate && !report.verified
      ? `This pull request proposes the **${report.service}** service (version ${report.version}), generated from \`${report.specPath}\`. It is **waiting for approval** before it is built and verified: comment \`/approve [notes]\` to go on.`
      : `This pull request proposes the **${report.service}** service (version ${report.version}), generated from \`${report.specPath}\` and verified against it.`,
    "",
    "Its contract is `openapi.json` in the service's folder: an OpenAPI 3.1 document for mock servers, Swagger UI and contract testers.",
    "",
    toMarkdown(report, specLine),
    ...(timeline.length > 0 ? ["### Timeline", "", ...timeline, ""] : []),
    ...checkRunLinks(checkRunUrls),
    "",
    "Rebuilding from the same SPEC updates this pull request; the branch always holds the latest build. Commands (as comments here): `/approve [notes]`, `/retry [phase]`, `/rollback [ref]`, `/cancel`, `/status`, `/help`.",
    toSpecMarker(report.specPath, sha),
  ].join("\n");
}
