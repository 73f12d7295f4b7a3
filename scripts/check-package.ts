// `npm run check-package`: what npm users get. Packs the package, installs the tarball into an empty
// folder (dependencies only, as any user's install), and runs the installed `specforge` on an example
// SPEC copied next to it, to a verified service. Nothing is taken from this work tree at run time.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);
const root = process.cwd();
const quiet = ["--no-audit", "--no-fund", "--loglevel=error"];

async function main(): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "specforge-package-"));
  try {
    const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", scratch, ...quiet], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    if (!packed) throw new Error("npm pack printed no tarball");
    const files = packed.files.map((f) => f.path);
    for (const needed of ["bin/specforge.js", "dist/cli/main.js", "templates/typescript-node/package.json.tpl", "examples/url-shortener/SPEC.md"]) {
      if (!files.includes(needed)) throw new Error(`the tarball lacks ${needed}`);
    }
    const leaked = files.filter((f) => /^(test|src|bench|scripts|action)\//.test(f));
    if (leaked.length > 0) throw new Error(`the tarball carries development files: ${leaked.slice(0, 5).join(", ")}`);
    console.log(`check-package: ${packed.filename}, ${files.length} files`);

    const user = path.join(scratch, "user");
    await mkdir(user);
    // An install the way a user makes one: the tarball and its dependencies, no devDependencies.
    await exec("npm", ["install", "--omit=dev", "--prefer-offline", ...quiet, path.join(scratch, packed.filename)], { cwd: user, maxBuffer: 16 * 1024 * 1024 });
    const installed = JSON.parse(await readFile(path.join(user, "node_modules/specforge/package.json"), "utf8")) as { version: string };
    await copyFile(path.join(root, "examples/url-shortener/SPEC.md"), path.join(user, "SPEC.md"));

    const bin = path.join(user, "node_modules/.bin/specforge");
    const help = await exec(bin, ["--help"], { cwd: user });
    if (!help.stdout.includes("specforge")) throw new Error(`specforge --help printed:\n${help.stdout}`);
    const run = await exec(bin, ["run", "SPEC.md", "--json", "--no-install-cache"], { cwd: user, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`specforge run failed:\n${error.stderr ?? ""}\n${error.stdout ?? ""}`);
    });
    const report = JSON.parse(run.stdout) as { verified: boolean; endpoints: Array<{ verified: boolean }> };
    if (!report.verified) throw new Error(`the installed specforge did not verify the example:\n${run.stdout}`);
    console.log(`check-package: specforge ${installed.version} installed from the tarball verified ${report.endpoints.length}/${report.endpoints.length} endpoints of an example SPEC`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`check-package: ${error.message}`);
  process.exit(1);
});
