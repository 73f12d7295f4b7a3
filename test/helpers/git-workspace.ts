import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleGit } from "simple-git";

const AUTHOR = ["-c", "user.name=Test", "-c", "user.email=test@example.com"];

/** A checkout like actions/checkout leaves: a clone of a bare `origin`, with the SPEC committed. */
export async function createWorkspace(files: Record<string, string>) {
  const root = await mkdtemp(path.join(os.tmpdir(), "specforge-ws-"));
  const origin = path.join(root, "origin.git");
  const workspace = path.join(root, "workspace");
  await simpleGit().raw(["init", "--bare", "--initial-branch=main", origin]);
  await simpleGit().clone(origin, workspace);
  const git = simpleGit(workspace);
  await git.raw(["checkout", "-b", "main"]);
  const commit = async (changes: Record<string, string>, message: string): Promise<string> => {
    for (const [file, content] of Object.entries(changes)) {
      await mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
      await writeFile(path.join(workspace, file), content);
    }
    await git.add(Object.keys(changes));
    await git.raw([...AUTHOR, "commit", "-m", message]);
    await git.push("origin", "main");
    return (await git.revparse(["HEAD"])).trim();
  };
  const sha = await commit(files, "add SPEC");
  return {
    root,
    origin,
    workspace,
    sha,
    commit,
    /** A file as it is on a branch of origin, or null. */
    async showOnOrigin(branch: string, file: string): Promise<string | null> {
      return simpleGit(origin).show([`${branch}:${file}`]).catch(() => null);
    },
    async originBranchLog(branch: string): Promise<string[]> {
      const log = await simpleGit(origin).log([branch]).catch(() => null);
      return log ? log.all.map((c) => c.message) : [];
    },
  };
}
