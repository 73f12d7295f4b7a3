import type { ResolvedConfig } from "../config/types.js";
import path from "node:path";
import { toDeployTarget } from "../deploy/to-deploy-target.js";
import type { DeployTarget } from "../deploy/types.js";
import { LearningSession } from "../learn/learning-session.js";
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
  /** The pattern store's folder (`--patterns DIR`): wins over `patterns` in the config. */
  patternsDir?: string;
  /** false: run `npm ci` every time instead of reusing dependencies installed for the same lockfile. */
  installCache?: boolean;
  /** Generated requests per endpoint in the verify phase (`--fuzz`): wins over `verify.fuzz` in the config. */
  fuzz?: number;
}

/** A run's dependencies and limits, built the same way for the CLI and the Action. */
export interface RunSetup {
  deps: Pick<PipelineDeps, "generator" | "runner" | "deployRunner" | "installCache" | "learning" | "checks">;
  retry: RetryPolicy;
  /** Where a verified build goes; null: the run ends with verify. */
  deployTarget: DeployTarget | null;
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
  // The deploy command is the team's own, configured like the generator command's program, and it
  // must leave the service it starts running: it runs beside specforge, not in the sandbox.
  const deployRunner = runner ?? createProcessRunner(env);
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
  const patternsDir = choices.patternsDir || config.patterns;
  // A store that cannot be read stops the run here, naming the file: it is never overwritten.
  const learning = await LearningSession.open(patternsDir ? path.resolve(choices.cwd ?? process.cwd(), patternsDir) : null);
  return {
    deps: {
      generator,
      runner: processRunner,
      deployRunner,
      learning,
      ...(useCache ? { installCache: createInstallCache(defaultInstallCacheRoot(env)) } : {}),
      checks: { fuzzRuns: choices.fuzz ?? config.verify.fuzz },
    },
    deployTarget: toDeployTarget(config.deploy),
    retry: { generateAttempts: config.retries.generate, buildAttempts: config.retries.build, verifyAttempts: config.retries.verify },
    sandbox: sandbox?.description ?? null,
  };
}
