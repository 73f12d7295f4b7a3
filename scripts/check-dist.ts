// `npm run check-dist`: the committed Action bundle must exist, be tracked, not be ignored, and be
// exactly what the sources build today. A workflow that uses the Action by reference runs the
// committed file with no build step, so any of these going wrong breaks users.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { ACTION_BUNDLE, buildActionBundle } from "./bundle-action.js";

const exec = promisify(execFile);

export interface DistProblem {
  kind: "missing" | "ignored" | "untracked" | "stale" | "uncommitted";
  message: string;
}

async function git(root: string, args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await exec("git", args, { cwd: root });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "" };
  }
}

/** What is wrong with the committed bundle in `root`, given the text the sources build to now. */
export async function checkDist(root: string, fresh: string, bundle = ACTION_BUNDLE): Promise<DistProblem[]> {
  const problems: DistProblem[] = [];
  const onDisk = await readFile(path.join(root, bundle), "utf8").catch(() => null);
  if (onDisk === null) problems.push({ kind: "missing", message: `${bundle} does not exist: run \`npm run bundle\` and commit it` });
  if ((await git(root, ["check-ignore", "-q", "--no-index", bundle])).code === 0) {
    problems.push({ kind: "ignored", message: `${bundle} is ignored by .gitignore, so it can never be committed: un-ignore action/dist/` });
  }
  const tracked = (await git(root, ["ls-files", "--error-unmatch", bundle])).code === 0;
  if (!tracked) problems.push({ kind: "untracked", message: `${bundle} is not tracked by git: \`git add ${bundle}\` and commit it` });
  if (onDisk !== null && onDisk !== fresh) problems.push({ kind: "stale", message: `${bundle} differs from what the sources build: run \`npm run bundle\` and commit it` });
  if (tracked && (await git(root, ["diff", "--quiet", "HEAD", "--", bundle])).code !== 0) {
    problems.push({ kind: "uncommitted", message: `${bundle} has changes that are not committed` });
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.cwd();
  const problems = await checkDist(root, await buildActionBundle(root));
  for (const problem of problems) console.error(`check-dist: ${problem.message}`);
  if (problems.length > 0) process.exit(1);
  console.log(`check-dist: ${ACTION_BUNDLE} is committed and current`);
}
