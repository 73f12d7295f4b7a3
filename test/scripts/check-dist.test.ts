import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkDist } from "../../scripts/check-dist.js";

const BUNDLE = "action/dist/index.js";
const FRESH = "export const built = 1;\n";
const roots: string[] = [];

/** A repository whose bundle is `content` (absent when null), tracked or not, with a .gitignore. */
async function repository(options: { content: string | null; commit: boolean; gitignore?: string }): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "check-dist-"));
  roots.push(root);
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root, stdio: "pipe" });
  git("init", "-q");
  await writeFile(path.join(root, ".gitignore"), options.gitignore ?? "node_modules/\n");
  git("add", ".gitignore");
  if (options.content !== null) {
    await mkdir(path.join(root, "action/dist"), { recursive: true });
    await writeFile(path.join(root, BUNDLE), options.content);
    if (options.commit) git("add", "-f", BUNDLE);
  }
  git("commit", "-q", "-m", "init");
  return root;
}

afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

describe("check-dist", () => {
  it("passes when the committed bundle is what the sources build", async () => {
    const root = await repository({ content: FRESH, commit: true });
    expect(await checkDist(root, FRESH)).toEqual([]);
  });

  it("fails when the bundle is missing", async () => {
    const root = await repository({ content: null, commit: false });
    expect((await checkDist(root, FRESH)).map((p) => p.kind)).toEqual(["missing", "untracked"]);
  });

  it("fails when the bundle exists but was never committed", async () => {
    const root = await repository({ content: FRESH, commit: false });
    expect((await checkDist(root, FRESH)).map((p) => p.kind)).toEqual(["untracked"]);
  });

  it("fails when .gitignore hides the bundle, even if it was force-added", async () => {
    const root = await repository({ content: FRESH, commit: true, gitignore: "dist/\n" });
    const problems = await checkDist(root, FRESH);
    expect(problems.map((p) => p.kind)).toEqual(["ignored"]);
    expect(problems[0]?.message).toContain("un-ignore action/dist/");
  });

  it("fails when the committed bundle is stale", async () => {
    const root = await repository({ content: "export const built = 0;\n", commit: true });
    expect((await checkDist(root, FRESH)).map((p) => p.kind)).toEqual(["stale"]);
  });

  it("fails when a rebuilt bundle was not committed", async () => {
    const root = await repository({ content: "export const built = 0;\n", commit: true });
    await writeFile(path.join(root, BUNDLE), FRESH);
    expect((await checkDist(root, FRESH)).map((p) => p.kind)).toEqual(["uncommitted"]);
  });
});
