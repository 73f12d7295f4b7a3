import { readFile } from "node:fs/promises";
import { parse, YAMLParseError } from "yaml";
import { ConfigError, resolveConfig, type ResolvedConfig } from "./resolve-config.js";

/**
 * `.github/specforge.yml` from disk (the Action's checkout, the CLI's `--config`).
 * A missing file means the defaults; bad YAML or bad keys are a ConfigError that says where
 * (naming the file as `label`, say its path in the repository).
 */
export async function readConfigFile(file: string, { required = false, label = file } = {}): Promise<ResolvedConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !required) return resolveConfig(null);
    throw new ConfigError([`cannot read it: ${(error as Error).message}`], label);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : "";
    throw new ConfigError([`not valid YAML${where}: ${(error as Error).message.split("\n")[0]}`], label);
  }
  return resolveConfig(raw, label);
}
