import type { Phase } from "../run-context.js";
import { buildPhase } from "./build.js";
import { deployPhase } from "./deploy.js";
import { generatePhase } from "./generate.js";
import { verifyPhase } from "./verify.js";

/** The phases after analysis, in the order they run (analysis makes the run's context: `analyze.ts`). */
export const PIPELINE_PHASES: readonly Phase[] = [generatePhase, buildPhase, verifyPhase, deployPhase];
