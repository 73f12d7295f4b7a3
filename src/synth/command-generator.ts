import { createHash } from "node:crypto";
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ProcessRunner } from "../verify/process-runner.js";
import { ALL_NOT_GENERATED, DEFAULT_TARGET, getTarget, type TargetName } from "./targets.js";
import { renderService } from "./template-generator.js";
import { loadTemplateSet } from "./template-manager.js";
import type { GeneratedFile, Generator } from "./types.js";
import { writeServiceFiles } from "./write-service-files.js";

export interface CommandGeneratorOptions {
  /** The program and its arguments: an argv, never a shell string. */
  command: readonly string[];
  runner: ProcessRunner;
  target?: TargetName;
  /** Where the command runs and relative SPEC paths start (the repository, the CLI's folder). */
  cwd: string;
  /** The caller's environment: only the variables `passEnv` names reach the command. */
  env: NodeJS.ProcessEnv;
  passEnv?: readonly string[];
  timeoutMs?: number;
}

/** Bounds on what a command may leave in the service folder. */
const MAX_FILES = 2_000;
const MAX_FILE_BYTES = 2_000_000;

/**
 * Any program a team plugs in (another code agent, a local model). It is run
 * in a staging copy of the service folder that already holds the target's
 * scaffold, with the protocol's variables:
 *
 * - `SPECFORGE_SPEC`: the SPEC's path
 * - `SPECFORGE_CONTRACT`: a JSON file with the derived contract
 * - `SPECFORGE_ATTEMPT`: 1, 2, …
 * - `SPECFORGE_FINDINGS`: a JSON file with the previous attempt's findings (`[]` on the first)
 * - `SPECFORGE_OUT`: the service folder to change
 * - `SPECFORGE_TARGET`: the target (`typescript-node`, `python-fastapi`)
 *
 * Exit 0 means done: the folder's files are the service. Anything else fails
 * the attempt with what the command printed. Build output and links are not
 * taken back; every file must stay inside the folder.
 */
export async function createCommandGenerator(options: CommandGeneratorOptions): Promise<Generator> {
  const [program, ...args] = options.command;
  if (!program) throw new Error("the command generator needs a program to run");
  const target = getTarget(options.target ?? DEFAULT_TARGET);
  const templates = await loadTemplateSet(target.templates);
  const commandHash = createHash("sha256").update(JSON.stringify(options.command)).digest("hex").slice(0, 8);
  return {
    id: "command",
    target: target.name,
    version: `${path.basename(program)}-${commandHash}+${target.name}+${templates.hash}`,
    deterministic: false,
    async generate(input) {
      const work = await mkdtemp(path.join(os.tmpdir(), "specforge-command-"));
      try {
        const out = path.join(work, "service");
        await writeServiceFiles(out, renderService(target, templates, input));
        const contractFile = path.join(work, "contract.json");
        const findingsFile = path.join(work, "findings.json");
        await writeFile(contractFile, JSON.stringify(input.contract, null, 2) + "\n");
        await writeFile(findingsFile, JSON.stringify(input.previousFindings, null, 2) + "\n");
        const passed = Object.fromEntries((options.passEnv ?? []).flatMap((name) => (options.env[name] !== undefined ? [[name, options.env[name] as string]] : [])));
        const result = await options.runner.run(program, args, {
          cwd: options.cwd,
          timeoutMs: options.timeoutMs ?? 600_000,
          env: {
            ...passed,
            SPECFORGE_SPEC: path.resolve(options.cwd, input.spec.file),
            SPECFORGE_CONTRACT: contractFile,
            SPECFORGE_ATTEMPT: String(input.attempt),
            SPECFORGE_FINDINGS: findingsFile,
            SPECFORGE_OUT: out,
            SPECFORGE_TARGET: target.name,
          },
        });
        if (result.timedOut) throw new Error(`the generator command did not finish within ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s: ${tail(result.output)}`);
        if (result.exitCode !== 0) throw new Error(`the generator command exited ${result.exitCode}: ${tail(result.output)}`);
        return await readServiceFiles(out);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  };
}

/** The files a command left in the service folder, without build output; a link is refused (it could point anywhere). */
async function readServiceFiles(root: string): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
      if (ALL_NOT_GENERATED.includes(entry.name)) continue;
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      const full = path.join(root, rel);
      const info = await lstat(full);
      if (info.isSymbolicLink()) throw new Error(`the generator command left a link at ${rel}; services are made of plain files`);
      if (info.isDirectory()) await walk(rel);
      else if (info.isFile()) {
        if (info.size > MAX_FILE_BYTES) throw new Error(`the generator command left ${rel} of ${info.size} bytes (at most ${MAX_FILE_BYTES})`);
        if (files.length >= MAX_FILES) throw new Error(`the generator command left more than ${MAX_FILES} files`);
        files.push({ path: rel, content: await readFile(full, "utf8") });
      }
    }
  };
  await walk("");
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function tail(output: string): string {
  return output.trim().split("\n").slice(-6).join(" | ").slice(0, 1200) || "no output";
}
