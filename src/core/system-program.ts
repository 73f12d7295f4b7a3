import { existsSync } from "node:fs";
import path from "node:path";

/** Folders only root can write on the systems specforge runs on (a CI runner, a laptop). */
const SYSTEM_DIRS = ["/usr/bin", "/bin"];

/**
 * A program specforge runs itself (outside the sandbox, after generated code
 * may have run: `cp`, `git`, `unshare`), by absolute path from the system's
 * folders. Generated code runs as the same user and could put a program of
 * the same name first on PATH (a runner's tool cache is writable by it);
 * PATH is used only where the system folders lack the program.
 */
export function systemProgram(name: string): string {
  if (process.platform === "win32") return name;
  for (const dir of SYSTEM_DIRS) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return name;
}
