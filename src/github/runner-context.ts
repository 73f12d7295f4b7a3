import { parseRepository, type RepoRef } from "./types.js";

/** What the Actions runner tells a step about where it runs (github.com and GHES alike). */
export interface RunnerContext {
  repository: RepoRef;
  workspace: string;
  serverUrl: string;
  apiUrl: string;
  runId: string;
  runAttempt: number;
  tempDir: string;
}

export function readRunnerContext(env: NodeJS.ProcessEnv): RunnerContext {
  const repository = env["GITHUB_REPOSITORY"];
  if (!repository) throw new Error("GITHUB_REPOSITORY is not set: this action runs inside GitHub Actions");
  return {
    repository: parseRepository(repository),
    workspace: env["GITHUB_WORKSPACE"] ?? process.cwd(),
    serverUrl: (env["GITHUB_SERVER_URL"] ?? "https://github.com").replace(/\/$/, ""),
    apiUrl: (env["GITHUB_API_URL"] ?? "https://api.github.com").replace(/\/$/, ""),
    runId: env["GITHUB_RUN_ID"] ?? "",
    runAttempt: Number(env["GITHUB_RUN_ATTEMPT"] ?? 1),
    tempDir: env["RUNNER_TEMP"] ?? "",
  };
}
