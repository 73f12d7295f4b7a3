import type { Checkpoint } from "./checkpoint.js";
import { PHASES, type PhaseName } from "./types.js";

/** `/retry <phase>`: what an earlier run did from that phase on does not count. */
export function redoFrom(checkpoint: Checkpoint | null, phase: PhaseName | ""): Checkpoint | null {
  if (!checkpoint || !phase) return checkpoint;
  if (phase === "analyze" || phase === "generate") return null;
  const keep = PHASES.slice(0, PHASES.indexOf(phase));
  return { ...checkpoint, completed: checkpoint.completed.filter((p) => keep.includes(p)) };
}
