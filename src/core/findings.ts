import type { ErrorCode } from "./error-codes.js";

export type Severity = "error" | "warning";

/** One thing a phase noticed, located in the SPEC where it can be. */
export interface Finding {
  code: ErrorCode;
  severity: Severity;
  message: string;
  /** Path of the SPEC file the finding is about. */
  file?: string;
  /** 1-based line in that file. */
  line?: number;
  /** The endpoint ("POST /builds/submit") or field the finding is about. */
  subject?: string;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}

/** `path:line: CODE message`, the form editors and CI logs link from. */
export function formatFinding(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ""}: ` : "";
  const level = f.severity === "warning" ? " (warning)" : "";
  return `${where}${f.code}${level} ${f.message}`;
}
