import { ConfigError, resolveConfig, type ResolvedConfig } from "../config/resolve-config.js";

/** Reads `.github/specforge.yml` through Probot's `context.config`; a bad file becomes a ConfigError. */
export async function loadConfig(context: { config: (file: string) => Promise<unknown> }): Promise<ResolvedConfig> {
  let raw: unknown;
  try {
    raw = await context.config("specforge.yml");
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== undefined) throw error;
    throw new ConfigError([`the file is not valid YAML: ${(error as Error).message.split("\n")[0]}`]);
  }
  return resolveConfig(raw);
}
