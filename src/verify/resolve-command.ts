import { existsSync } from "node:fs";
import path from "node:path";
import { VENV_DIR, type LayoutCommand } from "../synth/service-layout.js";

/** A program to run, with its arguments and the environment it adds: never a shell string. */
export interface Command {
  file: string;
  args: readonly string[];
  env: Record<string, string>;
}

/** The interpreter of a service's virtual environment. */
export function venvPython(serviceDir: string): string {
  return path.join(serviceDir, VENV_DIR, process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
}

/**
 * TypeScript 7's native compiler as its platform package installs it. Its
 * `bin/tsc` is a Node script that starts this executable as a child (Node 20
 * has no `execve`): running the executable itself saves a Node start.
 */
function nativeTsc(serviceDir: string): string | null {
  const exe = path.join(serviceDir, "node_modules", "@typescript", `typescript-${process.platform}-${process.arch}`, "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
  return existsSync(exe) ? exe : null;
}

export function resolveCommand(command: LayoutCommand, serviceDir: string): Command {
  const env = { ...command.env };
  switch (command.program) {
    case "node":
      // The Node running specforge, not one the service could put first on PATH.
      return { file: process.execPath, args: [...command.args], env };
    case "venv-python":
      return { file: venvPython(serviceDir), args: [...command.args], env };
    case "tsc": {
      const native = nativeTsc(serviceDir);
      return native ? { file: native, args: [...command.args], env } : { file: process.execPath, args: ["node_modules/typescript/bin/tsc", ...command.args], env };
    }
  }
}
