import path from "node:path";
import type { Finding } from "../core/findings.js";
import type { RunLog } from "../pipeline/run-log.js";
import type { PhaseName, PhaseStatus } from "../pipeline/types.js";
import { endpointTable, findingList, phaseTable, type SpecLineUrl } from "../report/to-markdown.js";
import type { EndpointResult } from "../verify/types.js";
import { GITHUB_LIMITS, truncate } from "./limits.js";

export type CheckConclusion = "success" | "failure" | "skipped" | "neutral" | "action_required" | "cancelled";

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title: string;
}

export function toConclusion(status: PhaseStatus): CheckConclusion {
  return status === "failed" ? "failure" : status === "skipped" ? "skipped" : "success";
}

/** Identifies our check run for one SPEC and phase, and carries what a re-run needs to resume. */
export interface ExternalId {
  /** A pipeline phase, or the approval gate. */
  phase: PhaseName | "approval";
  specKey: string;
  specHash: string;
  filesHash: string;
  generator: string;
}

const EXTERNAL_ID_PREFIX = "specforge:v1";

export function toExternalId(id: ExternalId): string {
  return [EXTERNAL_ID_PREFIX, id.phase, id.specKey, id.specHash || "-", id.filesHash || "-", id.generator].join(":");
}

export function parseExternalId(value: string | null | undefined): ExternalId | null {
  if (!value?.startsWith(`${EXTERNAL_ID_PREFIX}:`)) return null;
  const [phase, specKey, specHash, filesHash, ...generator] = value.slice(EXTERNAL_ID_PREFIX.length + 1).split(":");
  if (!phase || !specKey || !specHash || !filesHash || generator.length === 0) return null;
  return { phase: phase as ExternalId["phase"], specKey, specHash: specHash === "-" ? "" : specHash, filesHash: filesHash === "-" ? "" : filesHash, generator: generator.join(":") };
}

/** One line that says the result. */
export function phaseTitle(phase: PhaseName, status: PhaseStatus, log: RunLog): string {
  const findings = log.findings.filter((f) => f.phase === phase);
  const errors = findings.filter((f) => f.severity === "error");
  const firstError = errors[0] ? `${errors[0].code}${errors[0].line ? ` (line ${errors[0].line})` : ""}: ${errors[0].message}` : "";
  let title: string;
  if (status === "skipped") title = "Skipped: an earlier phase did not pass";
  else if (status === "resumed") title = "Resumed: already done for this SPEC and generator";
  else if (status === "failed") title = errors.length > 1 ? `${errors.length} errors; first: ${firstError}` : firstError || `${phase} failed`;
  else if (phase === "analyze") {
    const warnings = findings.length - errors.length;
    title = `${log.service} ${log.version}: ${log.endpointCount} endpoints, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  } else if (phase === "generate") title = `Service generated with ${log.generator}`;
  else if (phase === "build") title = "Installed, compiled, and the service's own tests passed";
  else {
    const passed = log.endpoints.filter((e) => e.verified).length;
    title = `${passed}/${log.endpoints.length} endpoints verified`;
  }
  return truncate(title.replace(/\s+/g, " "), GITHUB_LIMITS.checkRunTitle, "…");
}

export interface PhaseSummaryLinks {
  /** The SPEC at the built commit, to link SPEC lines to. */
  specLine: SpecLineUrl;
  /** The workflow run, whose summary has the timeline. */
  runUrl: string;
}

/**
 * The markdown summary of a phase's check run: the phases so far with their
 * tries, its findings and (verify) the endpoints, failures first, SPEC lines
 * linked to the SPEC at the built commit. The Mermaid timeline is not here:
 * check-run summaries don't render Mermaid (see `mermaidTimeline`), so this
 * points to the run's job summary, which does.
 */
export function phaseSummary(phase: PhaseName, status: PhaseStatus, log: RunLog, specPath: string, links?: PhaseSummaryLinks): string {
  const lines = [`**${log.service || specPath}** · SPEC \`${specPath}\` · generator \`${log.generator}\``, "", ...phaseTable(log.phases)];
  if (links) lines.push("", `The timeline of phases and tries is in the [workflow run's summary](${links.runUrl}).`);
  const findings = log.findings.filter((f) => f.phase === phase);
  if (findings.length > 0) lines.push("", `### Findings (${findings.length})`, "", ...findingList(findings, links?.specLine));
  if (phase === "verify" && log.endpoints.length > 0) lines.push("", ...endpointTable(log.endpoints, links?.specLine));
  const failures = log.failures.filter((f) => f.phase === phase);
  if (failures.length > 0) lines.push("", "### Failures and recovery", "", ...failures.map(describeFailure));
  if (status === "resumed") lines.push("", "This phase was completed by an earlier run for the same SPEC, generator and files; it was not redone.");
  return truncate(lines.join("\n"), GITHUB_LIMITS.checkRunSummary);
}

/** "Try 1: pattern `ab12…` (node:test assertion), seen 3× since 2026-11-02; regenerate-with-findings worked 2/2: going on from generate." */
export function describeFailure(failure: RunLog["failures"][number]): string {
  const pattern = failure.pattern;
  const seen = pattern
    ? `pattern \`${pattern.id}\` (${pattern.class}), seen ${pattern.seen}× since ${pattern.since.slice(0, 10)}${pattern.strategies.length > 0 ? ` (${pattern.strategies.map((s) => `${s.name} worked ${s.worked}/${s.tried}`).join(", ")})` : ""}`
    : "no pattern";
  const next = failure.recovery ? `${failure.recovery.record}: going on from ${failure.recovery.resumeFrom}` : "no strategy left: the run stops here";
  return `- Try ${failure.attempt}: ${seen}; ${next}.`;
}

const ENDPOINTS_MARKER = "specforge-endpoints:";

/**
 * Machine-readable endpoint results in the verify check run's text, so a re-run can resume from them.
 * The text holds at most 65,535 characters: passed checks keep no detail, and a SPEC with too many
 * endpoints for even that keeps the verdicts without their checks.
 */
export function endpointsText(endpoints: EndpointResult[]): string {
  const wrap = (list: EndpointResult[]) => `<!-- ${ENDPOINTS_MARKER}${Buffer.from(JSON.stringify(list)).toString("base64")} -->`;
  const compact = wrap(endpoints.map((e) => ({ ...e, checks: (e.checks ?? []).map((c) => (c.ok ? { ...c, detail: "" } : c)) })));
  return compact.length <= GITHUB_LIMITS.checkRunText ? compact : wrap(endpoints.map((e) => ({ ...e, checks: [] })));
}

export function parseEndpointsText(text: string | null | undefined): EndpointResult[] | null {
  const m = new RegExp(`<!-- ${ENDPOINTS_MARKER}([A-Za-z0-9+/=]+) -->`).exec(text ?? "");
  if (!m) return null;
  try {
    const parsed = JSON.parse(Buffer.from(m[1] as string, "base64").toString("utf8")) as unknown;
    return Array.isArray(parsed) ? (parsed as EndpointResult[]) : null;
  } catch {
    return null;
  }
}

/** Findings with a line become annotations on the SPEC, in batches the API accepts. */
export function toAnnotationBatches(findings: Finding[], specPath: string): CheckAnnotation[][] {
  const annotations = findings
    .filter((f) => f.line !== undefined && f.line > 0)
    .map((f) => ({
      path: specPath.split(path.sep).join("/"),
      start_line: f.line as number,
      end_line: f.line as number,
      annotation_level: f.severity === "error" ? ("failure" as const) : ("warning" as const),
      message: truncate(f.message, GITHUB_LIMITS.annotationMessage, "…"),
      title: truncate(`${f.code}${f.subject ? ` ${f.subject}` : ""}`, GITHUB_LIMITS.annotationTitle, "…"),
    }));
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += GITHUB_LIMITS.annotationsPerRequest) batches.push(annotations.slice(i, i + GITHUB_LIMITS.annotationsPerRequest));
  return batches;
}
