import { parseSpec } from "../spec/parse-spec.js";
import { toContract } from "../spec/to-contract.js";
import { diffContracts } from "./diff-contracts.js";
import { gradeChange, type RiskAssessment } from "./grade-change.js";

/** Grades the change from one SPEC text to another (pure: the caller reads the files). */
export function assessSpecChange(before: { text: string; file: string }, after: { text: string; file: string }): RiskAssessment {
  const oldContract = toContract(parseSpec(before.text, before.file).spec);
  const newContract = toContract(parseSpec(after.text, after.file).spec);
  return gradeChange(diffContracts(oldContract, newContract), before.text !== after.text);
}
