/** The seed's approval modes: `auto` (no gate), `checkpoints` (after generation and before deploy), `final` (before deploy). */
export const APPROVAL_MODES = ["auto", "checkpoints", "final"] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

export function isApprovalMode(value: string): value is ApprovalMode {
  return (APPROVAL_MODES as readonly string[]).includes(value);
}
