import type { SpecState, SpecVerdict } from "../github/spec-verdicts.js";

export const STATE_LABEL: Record<SpecState, string> = {
  waiting: "⏸️ waiting for approval",
  failed: "❌ failed",
  cancelled: "⏹️ cancelled",
  verified: "✅ verified",
  building: "⏳ building",
  "not-built": "— not built yet",
};

/** One row per SPEC: its service, the SPEC, where it stands and the check run that says why. */
export function verdictTable(verdicts: readonly SpecVerdict[], specUrl: (specPath: string) => string): string[] {
  return [
    "| service | SPEC | result | check run |",
    "|---|---|---|---|",
    ...verdicts.map((v) => {
      const check = v.checkRun ? `[${escapeCell(v.checkRun.title || v.checkRun.name)}](${v.checkRun.url})` : "—";
      return `| ${v.service} | [\`${v.specPath}\`](${specUrl(v.specPath)}) | ${STATE_LABEL[v.state]} | ${check} |`;
    }),
  ];
}

export function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/</g, "&lt;").replace(/\|/g, "\\|");
}
