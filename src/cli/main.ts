import { Command, CommanderError } from "commander";
import type { ProcessRunner } from "../verify/process-runner.js";
import { UsageError } from "../core/usage-error.js";
import { EXIT, processIo, type CliIo } from "./io.js";
import type { RunOptions } from "./run-command.js";

export { EXIT, processIo, type CliIo } from "./io.js";

/**
 * `specforge <command>`; resolves to the exit code. Only argument parsing
 * lives here: each command's module is loaded when it runs, so `--help` and
 * `analyze` never load the generators, the builder or GitHub's client.
 */
export async function runCli(argv: string[], io: CliIo = processIo(), runner?: ProcessRunner): Promise<number> {
  let exitCode: number = EXIT.verified;
  const program = new Command("specforge")
    .description("Turn a SPEC.md into a verified, running service.")
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command("run")
    .description("analyze, generate, build and verify a service from a SPEC.md")
    .argument("<spec>", "path to the SPEC.md")
    .option("-o, --out <dir>", "folder for the generated service (default: specforge-out/<service>)")
    .option("--json", "print one JSON report on stdout (progress stays on stderr)")
    .option("--report <file>", "also write the report as markdown to this file")
    .option("-g, --generator <name>", "generator: auto (claude when ANTHROPIC_API_KEY is set, else template), template, claude, command (default: the config's, else auto)")
    .option("--generator-command <program>", "with --generator command: the program to run (arguments: generator.command in --config)")
    .option("-t, --target <name>", "the kind of service: typescript-node or python-fastapi (default: the config's, else typescript-node)")
    .option("-m, --model <model>", "model for the claude generator")
    .option("--fresh", "ignore the checkpoint and redo every phase")
    .option("-c, --config <file>", "a specforge.yml for generator, model and retry limits")
    .option("--no-install-cache", "run npm ci every time instead of reusing dependencies installed for the same lockfile")
    .option("-p, --patterns <dir>", "the pattern store to learn from and into (default: the config's `patterns`, else none)")
    .option("--fuzz <n>", "generated requests per endpoint when verifying, 0 for none (default: verify.fuzz in the config, else 50)")
    .action(async (spec: string, options: RunOptions) => {
      const { runCommand } = await import("./run-command.js");
      exitCode = await runCommand(spec, options, io, runner);
    });

  program
    .command("deploy")
    .description("run a SPEC through verify (resuming what is done) and deploy it to the configured target")
    .argument("<spec>", "path to the SPEC.md")
    .requiredOption("-c, --config <file>", "a specforge.yml with `deploy: { command: [...], health, auto_rollback }`")
    .option("-o, --out <dir>", "folder for the generated service (default: specforge-out/<service>)")
    .option("--json", "print { deployment: { release, version, status, url, healthyAfterMs }, rollback?: { from, to, status, recoveredAfterMs } }")
    .option("-p, --patterns <dir>", "the pattern store to learn from and into")
    .option("--no-install-cache", "run npm ci every time")
    .action(async (spec: string, options: RunOptions) => {
      const { deployCommand } = await import("./deploy-commands.js");
      exitCode = await deployCommand(spec, options, io, runner);
    });

  program
    .command("rollback")
    .description("redeploy an earlier healthy release of a SPEC's service as it was built: the one before the current, or --to")
    .argument("<spec>", "path to the SPEC.md")
    .requiredOption("-c, --config <file>", "a specforge.yml with the deploy target")
    .option("-o, --out <dir>", "the service's folder (default: specforge-out/<service>)")
    .option("--to <release>", "the release to restore (r1, r2, …); it must have run healthy")
    .option("--json", "print { rollback: { from, to, status, recoveredAfterMs, detail } }")
    .action(async (spec: string, options: { out?: string; config?: string; to?: string; json?: boolean }) => {
      const { rollbackCommand } = await import("./deploy-commands.js");
      exitCode = await rollbackCommand(spec, options, io, runner);
    });

  program
    .command("releases")
    .description("list the releases kept for a SPEC's service and which one runs")
    .argument("<spec>", "path to the SPEC.md")
    .option("-o, --out <dir>", "the service's folder (default: specforge-out/<service>)")
    .option("--json", "print { current, releases: [{ id, version, status, ref, createdAt, deployedAt, url }] }")
    .action(async (spec: string, options: { out?: string; json?: boolean }) => {
      const { releasesCommand } = await import("./deploy-commands.js");
      exitCode = await releasesCommand(spec, options, io);
    });

  program
    .command("analyze")
    .description("parse and lint a SPEC.md; prints path:line: CODE message")
    .argument("<spec>", "path to the SPEC.md")
    .option("--json", "print the parsed model and findings as JSON")
    .action(async (spec: string, options: { json?: boolean }) => {
      const { analyzeCommand } = await import("./analyze-command.js");
      exitCode = await analyzeCommand(spec, options, io);
    });

  program
    .command("contract")
    .description("write the SPEC's contract as an OpenAPI 3.1 document (JSON)")
    .argument("<spec>", "path to the SPEC (markdown or OpenAPI)")
    .option("-o, --out <file>", "write it to this file instead of stdout")
    .action(async (spec: string, options: { out?: string }) => {
      const { contractCommand } = await import("./contract-command.js");
      exitCode = await contractCommand(spec, options, io);
    });

  program
    .command("diff")
    .description("grade the risk of a SPEC change: critical, high, medium or low, with the reasons and their lines")
    .argument("<old>", "the SPEC before the change")
    .argument("<new>", "the SPEC after the change")
    .option("--json", "print { grade, reasons, changes } as JSON")
    .action(async (oldSpec: string, newSpec: string, options: { json?: boolean }) => {
      const { diffCommand } = await import("./diff-command.js");
      exitCode = await diffCommand(oldSpec, newSpec, options, io);
    });

  const patterns = program
    .command("patterns")
    .description("list the failure patterns a store has learned, most seen first (subcommand: signature)")
    // `patterns signature f --json`: options after the subcommand are the subcommand's.
    .enablePositionalOptions()
    .option("-p, --patterns <dir>", "the pattern store's folder")
    .option("-c, --config <file>", "a specforge.yml whose `patterns:` names the store")
    .option("--json", "print { store, patterns: [{ id, code, phase, endpoint, class, seen, firstSeen, lastSeen, sample, strategies }] }")
    .action(async (options: { patterns?: string; config?: string; json?: boolean }) => {
      const { patternsCommand } = await import("./patterns-command.js");
      exitCode = await patternsCommand(options, io);
    });
  patterns
    .command("signature")
    .description("print the pattern id, error class and normalised text of error outputs")
    .argument("<files...>", "files holding an error output (tsc, node, node:test, npm, a crashed service, any text)")
    .option("--json", "print [{ file, id, class, normalized }]")
    .action(async (files: string[], options: { json?: boolean }) => {
      const { runPatternsSignature } = await import("./patterns-signature.js");
      exitCode = await runPatternsSignature(files, { json: Boolean(options.json) }, io);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT.usage;
    if (error instanceof UsageError) {
      io.stderr.write(`specforge: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}
