/**
 * What every generated service provides, whichever generator wrote it, so the
 * build and verify phases can run it without executing scripts it declares.
 */
export const SERVICE_LAYOUT = {
  /** Compiled with `tsc -p tsconfig.json` from the pinned devDependency. */
  tsconfig: "tsconfig.json",
  compiler: "node_modules/typescript/bin/tsc",
  /** Its `*.test.js` files are run with `node --test` after compiling (helpers beside them are not tests). */
  testDir: "dist/test",
  testSuffix: ".test.js",
  /** Started with `node <entry>`; listens on `PORT` at `HOST`. */
  entry: "dist/src/server.js",
  /** specforge's own state in the service folder (the checkpoint). */
  stateDir: ".specforge",
  /** Top-level entries that are build output or state: not part of the generated files, never committed. */
  notGenerated: ["node_modules", "dist", ".specforge"],
} as const;
