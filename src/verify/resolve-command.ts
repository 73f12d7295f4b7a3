import path from "node:path";
import { VENV_DIR, type LayoutCommand, type LayoutProgram } from "../synth/service-layout.js";

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

function resolveProgram(program: LayoutProgram, serviceDir: string): string {
  // The Node running specforge, not one the service could put first on PATH.
  return program === "node" ? process.execPath : venvPython(serviceDir);
}

export function resolveCommand(command: LayoutCommand, serviceDir: string): Command {
  return { file: resolveProgram(command.program, serviceDir), args: [...command.args], env: { ...command.env } };
}
