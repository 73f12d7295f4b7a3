import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedDir = path.resolve(repoRoot, "../shared");
export const buildExecutorSpec = path.join(sharedDir, "seeds/build-executor-SPEC.md");
export const fixture = (...parts: string[]) => path.join(repoRoot, "test/fixtures", ...parts);
