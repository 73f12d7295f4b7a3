// Bundles the Action into one file, as GitHub's typescript-action template does.
// The bundle is committed; `npm run check-dist` rebuilds it and fails when the committed one differs.
import { build, type BuildOptions } from "esbuild";

export const ACTION_BUNDLE = "action/dist/index.js";

const options: BuildOptions = {
  entryPoints: ["action/src/index.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  // The runner uses node24; the tests run the same bundle on Node 20.
  target: "node20",
  // Prefer ES module builds: jsonc-parser's UMD build cannot be bundled.
  mainFields: ["module", "main"],
  // Some bundled CommonJS code calls require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  // ws loads these optional native accelerators if present; it works without them.
  external: ["bufferutil", "utf-8-validate"],
  legalComments: "none",
  logLevel: "warning",
};

/** The bundle's text, built from the sources in `root` without writing it. */
export async function buildActionBundle(root: string): Promise<string> {
  const result = await build({ ...options, absWorkingDir: root, outfile: ACTION_BUNDLE, write: false });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild produced no output");
  return output.text;
}

/** Writes the bundle to `action/dist/index.js`. */
export async function writeActionBundle(root: string): Promise<void> {
  await build({ ...options, absWorkingDir: root, outfile: ACTION_BUNDLE });
}

if (import.meta.url === `file://${process.argv[1]}`) await writeActionBundle(process.cwd());
