import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The project's own example SPECs (`examples/<name>/SPEC.md`). */
export const example = (name: string) => path.join(repoRoot, "examples", name, "SPEC.md");
export const buildExecutorSpec = example("build-executor");
export const fixture = (...parts: string[]) => path.join(repoRoot, "test/fixtures", ...parts);
