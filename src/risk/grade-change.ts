import { endpointKey, UDC_ENDPOINTS } from "../spec/types.js";
import type { ContractChange } from "./diff-contracts.js";

export const RISK_GRADES = ["low", "medium", "high", "critical"] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export interface RiskAssessment {
  grade: RiskGrade;
  /** One line each, most serious first: why the grade is what it is. */
  reasons: string[];
  changes: ContractChange[];
}

/**
 * The risk of deploying a SPEC change: `critical` when an endpoint goes away
 * or a UDC endpoint (which other services and specforge itself rely on)
 * breaks, `high` for any other breaking change, `medium` for additions,
 * `low` when only the text changed.
 */
export function gradeChange(changes: ContractChange[], textChanged: boolean): RiskAssessment {
  const breaking = changes.filter((c) => c.breaking);
  const critical = breaking.filter((c) => c.kind === "endpoint-removed" || isUdc(c.endpoint));
  const grade: RiskGrade = critical.length > 0 ? "critical" : breaking.length > 0 ? "high" : changes.length > 0 ? "medium" : "low";
  const reasons =
    changes.length > 0
      ? changes.map((c) => `${c.breaking ? "breaking" : "additive"}: ${c.message} (${c.side === "old" ? "old SPEC " : ""}line ${c.line})`)
      : [textChanged ? "only the text changed: no endpoint, field or type differs" : "no change"];
  return { grade, reasons, changes };
}

function isUdc(endpoint: string): boolean {
  return UDC_ENDPOINTS.some((u) => endpointKey(u) === endpoint);
}
