import type { ResolvedConfig } from "../config/types.js";
import { createGenerator } from "../synth/create-generator.js";
import { createProcessRunner } from "../verify/create-process-runner.js";
import { createInstallCache, defaultInstallCacheRoot } from "../verify/install-cache.js";
import { detectSandbox } from "../verify/process-sandbox.js";
import type { ProcessRunner } from "../verify/process-runner.js";
import type { PipelineDeps } from "./run-pipeline.js";
import type { RetryPolicy } from "./types.js";

/** What an adapter was told for this run; anything left out comes from the configuration. */
export interface RunChoices {
  /** A generator named on the command line or as the Action's input: wins over `generator` in the config. */
  generator?: string;
  model?: string;
  /** With `generator: command`: the program (and arguments) named on the command line or as the Action's input. */
  generatorCommand?: readonly string[];
  /** Where a command generator runs and relative paths start; the working folder by default. */
  cwd?: string;
  /** A target named on the command line or as the Action's input: wins over `target` in the config. */
  target?: string;
  /** The Action's `anthropic-api-key` input; otherwise `ANTHROPIC_API_KEY` from the environment. */
  anthropicApiKey?: string;
  /** false: run `npm ci` every time instead of reusing dependencies installed for the same lockfile. */
  installCache?: boolean;
}

/** A run's dependencies and limits, built the same way for the CLI and the Action. */
export interface RunSetup {
  deps: Pick<PipelineDeps, "generator" | "runner" | "installCache">;
  retry: RetryPolicy;
  /** What isolates generated code from this process, or null when nothing does (for the run's log). */
  sandbox: string | null;
}

/**
 * The one place that turns the configuration, the adapter's choices and the
 * environment into what the pipeline runs with. One rule picks the generator:
 * the adapter's explicit choice, else the configuration's (default `auto`:
 * Claude when a key is configured, the template otherwise); the same for the
 * target.
 */
export async function setupRun(config: ResolvedConfig, choices: RunChoices, env: NodeJS.ProcessEnv, runner?: ProcessRunner): Promise<RunSetup> {
  const apiKey = choices.anthropicApiKey || env["ANTHROPIC_API_KEY"] || "";
  const model = choices.model || config.model;
  // Generated code (and a command generator) runs sandboxed where the system allows it; SPECFORGE_SANDBOX=off turns it off.
  const sandbox = runner || env["SPECFORGE_SANDBOX"] === "off" ? null : await detectSandbox();
  const processRunner = runner ?? createProcessRunner(env, { sandbox });
  const name = choices.generator || (choices.generatorCommand?.length ? "command" : config.generator.name);
  const generator = await createGenerator(name, {
    ...(apiKey ? { anthropicApiKey: apiKey } : {}),
    ...(model ? { model } : {}),
    target: choices.target || config.target,
    command: {
      argv: choices.generatorCommand?.length ? choices.generatorCommand : config.generator.command,
      passEnv: config.generator.env,
      timeoutMs: config.generator.timeout_seconds * 1000,
      runner: processRunner,
      cwd: choices.cwd ?? process.cwd(),
      env,
    },
  });
  const useCache = choices.installCache !== false && env["SPECFORGE_INSTALL_CACHE"] !== "off";
  return {
    deps: {
      generator,
      runner: processRunner,
      ...(useCache ? { installCache: createInstallCache(defaultInstallCacheRoot(env)) } : {}),
    },
    retry: { generateAttempts: config.retries.generate, buildAttempts: config.retries.build, verifyAttempts: config.retries.verify },
    sandbox: sandbox?.description ?? null,
  };
}
