// Bundles the Action into one file, as GitHub's typescript-action template does.
// The bundle is committed; CI rebuilds it and fails when the committed one is stale.
import { build } from "esbuild";

await build({
  entryPoints: ["action/src/index.ts"],
  outfile: "action/dist/index.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Prefer ES module builds: jsonc-parser's UMD build cannot be bundled.
  mainFields: ["module", "main"],
  // Some bundled CommonJS code calls require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  // ws loads these optional native accelerators if present; it works without them.
  external: ["bufferutil", "utf-8-validate"],
  legalComments: "none",
  logLevel: "warning",
});
