import { lstat, unlink } from "node:fs/promises";
import path from "node:path";
import { ErrorCode } from "../core/error-codes.js";
import type { InstallContext, InstallResult } from "./install-context.js";

/**
 * `npm ci` without install scripts (generated code is untrusted), or the
 * node_modules the install cache kept for the same lockfile.
 */
export async function installNpm(ctx: InstallContext): Promise<InstallResult> {
  if (await ctx.installCache?.restore(ctx.serviceDir).catch(() => false)) {
    ctx.onStep("install (from the install cache)");
    return { ok: true };
  }
  ctx.onStep("install");
  // A link to a kept copy (an earlier restore) must not be what npm empties and fills.
  await unlinkIfLink(path.join(ctx.serviceDir, "node_modules"));
  const install = await ctx.runner.run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: ctx.serviceDir, timeoutMs: ctx.timeoutMs });
  if (ctx.signal?.aborted) return { ok: false, code: ErrorCode.BuildInitFailed, message: "the build was interrupted" };
  if (install.timedOut) return { ok: false, code: ErrorCode.BuildTimeout, message: `npm ci did not finish within ${ctx.timeoutMs / 1000} s` };
  if (install.exitCode !== 0) return { ok: false, code: ErrorCode.BuildEnvSetupFailed, message: `npm ci failed (exit ${install.exitCode}): ${tailOf(install.output)}` };
  // Saved now, before any generated code has run and could have touched node_modules.
  await ctx.installCache?.save(ctx.serviceDir);
  return { ok: true };
}

async function unlinkIfLink(file: string): Promise<void> {
  const stat = await lstat(file).catch(() => null);
  if (stat?.isSymbolicLink()) await unlink(file);
}

/** The last lines of a process's output, on one line. */
export function tailOf(output: string, lines = 8): string {
  return output.trim().split("\n").slice(-lines).join(" | ").slice(0, 1500);
}
