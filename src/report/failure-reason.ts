import type { PipelineReport } from "../pipeline/types.js";

/** One sentence for a build that was not verified: the phase that failed and its first error, with the SPEC line. */
export function failureReason(report: PipelineReport): string {
  const failed = report.phases.find((p) => p.status === "failed");
  const firstError = report.findings.find((f) => f.severity === "error");
  const where = firstError?.line ? ` (${firstError.file ?? report.specPath}:${firstError.line})` : "";
  return `${report.service || report.specPath} was not verified: ${failed ? `${failed.name} failed` : "verification failed"}${firstError ? `: ${firstError.code} ${firstError.message}${where}` : ""}`;
}
