import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** specforge's own version, from package.json (two folders up from src/, dist/ or action/dist/). */
export function packageVersion(): string {
  try {
    const file = fileURLToPath(new URL("../../package.json", import.meta.url));
    return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}
