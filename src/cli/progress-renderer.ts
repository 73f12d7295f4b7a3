import type { PipelineEvent } from "../pipeline/types.js";
import { formatDuration } from "../report/format-duration.js";

import type { Writable } from "./io.js";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const DONE: Record<string, string> = { passed: "✓", failed: "✗", skipped: "-", resumed: "↺" };

/**
 * Shows pipeline progress on stderr: a live line per phase on a terminal,
 * plain `[phase] message` lines otherwise (CI logs, pipes).
 */
export function createProgressRenderer(out: Writable, isTTY: boolean): { onEvent: (e: PipelineEvent) => void; stop: () => void } {
  let current = "";
  let message = "";
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    if (!current) return;
    out.write(`\r\x1b[2K${SPINNER[frame++ % SPINNER.length]} ${current}${message ? `: ${message}` : ""}`);
  };
  const clear = () => {
    if (isTTY && current) out.write("\r\x1b[2K");
  };

  const onEvent = (e: PipelineEvent) => {
    switch (e.type) {
      case "phase-start":
        current = e.phase;
        message = e.attempt > 1 ? `attempt ${e.attempt}` : "";
        if (isTTY) {
          timer ??= setInterval(draw, 80);
          draw();
        } else out.write(`[${e.phase}] started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ""}\n`);
        break;
      case "progress":
        message = e.message;
        if (isTTY) draw();
        else out.write(`[${e.phase}] ${e.message}\n`);
        break;
      case "finding":
        clear();
        out.write(`  ${e.finding.severity === "error" ? "error" : "warning"} ${e.finding.code}${e.finding.line ? ` (line ${e.finding.line})` : ""}: ${e.finding.message}\n`);
        if (isTTY) draw();
        break;
      case "endpoint":
        message = `${e.result.method} ${e.result.path}`;
        if (isTTY) draw();
        break;
      case "attempt-failed":
        clear();
        out.write(
          `↻ ${e.phase} try ${e.attempt} failed${e.pattern ? ` (pattern ${e.pattern.id}, ${e.pattern.class}, seen ${e.pattern.seen}×)` : ""}` +
            (e.recovery ? `; ${e.recovery.record}: going on from ${e.recovery.resumeFrom}\n` : "\n"),
        );
        if (isTTY) draw();
        break;
      case "phase-complete":
        clear();
        current = "";
        out.write(`${DONE[e.status] ?? " "} ${e.phase} ${e.status} in ${formatDuration(e.durationMs)}\n`);
        break;
    }
  };
  return {
    onEvent,
    stop: () => {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}
