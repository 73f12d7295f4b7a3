import path from "node:path";
import { cleanGit } from "./git-access.js";

/** Credentials taken out of a checkout's git configuration; `restore` puts them back as they were. */
export interface StashedCredentials {
  /** How many values were taken out. */
  readonly count: number;
  restore(): Promise<void>;
}

const HEADER_KEY = /^http\..*\.extraheader$/i;

/**
 * Takes the credentials actions/checkout persists (`persist-credentials`,
 * its default) out of the checkout while generated code runs: the
 * `http.<server>/.extraheader` values in `.git/config`, and in any file it
 * includes (where newer versions of actions/checkout keep them). specforge
 * itself never needs them (its push authenticates on its own); later steps of
 * the user's workflow may, so `restore` writes them back afterwards.
 */
export async function stashPersistedCredentials(workspace: string, git: string): Promise<StashedCredentials> {
  const repo = cleanGit(workspace, git);
  const gitDir = path.resolve(workspace, (await repo.revparse(["--git-dir"])).trim());
  const files = [path.join(gitDir, "config"), ...(await includedFiles(repo, gitDir))];
  const taken: Array<{ file: string; key: string; values: string[] }> = [];
  for (const file of files) {
    const byKey = new Map<string, string[]>();
    for (const [key, value] of await entries(repo, file)) if (HEADER_KEY.test(key)) byKey.set(key, [...(byKey.get(key) ?? []), value]);
    for (const [key, values] of byKey) {
      await repo.raw(["config", "--file", file, "--unset-all", key]);
      taken.push({ file, key, values });
    }
  }
  return {
    count: taken.reduce((n, t) => n + t.values.length, 0),
    async restore() {
      for (const { file, key, values } of taken) for (const value of values) await repo.raw(["config", "--file", file, "--add", key, value]);
    },
  };
}

/** `include.path` and `includeIf.<condition>.path` of the repository's configuration, as absolute paths. */
async function includedFiles(repo: ReturnType<typeof cleanGit>, gitDir: string): Promise<string[]> {
  return (await entries(repo, path.join(gitDir, "config")))
    .filter(([key]) => /^include(if\..*)?\.path$/i.test(key))
    .map(([, value]) => path.resolve(gitDir, value.replace(/^~(?=\/)/, process.env["HOME"] ?? "~")));
}

/** A configuration file's entries, NUL-separated so that values with newlines survive. */
async function entries(repo: ReturnType<typeof cleanGit>, file: string): Promise<Array<[string, string]>> {
  const text = await repo.raw(["config", "--file", file, "--null", "--list"]).catch(() => "");
  return text
    .split("\0")
    .filter((item) => item !== "")
    .map((item) => {
      const newline = item.indexOf("\n");
      return newline < 0 ? [item, ""] : [item.slice(0, newline), item.slice(newline + 1)];
    });
}
