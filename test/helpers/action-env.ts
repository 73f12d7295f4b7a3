import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { vi } from "vitest";

const require = createRequire(import.meta.url);
// @actions/core remembers the first GITHUB_STEP_SUMMARY it sees for the life of the process;
// like a runner, each step gets the same file emptied.
let summaryFile = "";

/** The environment a runner gives a step: INPUT_* plus the GITHUB_* files and facts. */
export async function stubRunnerEnv(options: { workspace: string; sha: string; inputs: Record<string, string>; tempDir: string }) {
  const outputFile = path.join(options.tempDir, "github_output");
  summaryFile ||= path.join(options.tempDir, "step_summary.md");
  const eventFile = path.join(options.tempDir, "event.json");
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  // The dispatch event GitHub really sends, from @octokit/webhooks-examples.
  const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as Array<{ name: string; examples: unknown[] }>;
  await writeFile(eventFile, JSON.stringify(examples.find((e) => e.name === "workflow_dispatch")?.examples[0] ?? {}));
  const env: Record<string, string> = {
    GITHUB_ACTIONS: "true",
    GITHUB_REPOSITORY: "octo-org/octo-repo",
    GITHUB_SHA: options.sha,
    GITHUB_REF_NAME: "main",
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_API_URL: "https://api.github.com",
    GITHUB_RUN_ID: "4242",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_EVENT_NAME: "workflow_dispatch",
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: options.tempDir,
    SPECFORGE_CACHE_DIR: path.join(os.tmpdir(), "specforge-test-install-cache"),
  };
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return {
    summary: () => readFile(summaryFile, "utf8"),
    /** The step's outputs as the runner reads them from GITHUB_OUTPUT. */
    async outputs(): Promise<Record<string, string>> {
      const text = await readFile(outputFile, "utf8");
      const out: Record<string, string> = {};
      for (const m of text.matchAll(/^(.+?)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm)) out[m[1] as string] = m[3] as string;
      return out;
    },
  };
}
