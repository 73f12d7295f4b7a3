/**
 * What a generated service provides, whichever generator wrote it, so the
 * build and verify phases can run it without executing scripts it declares.
 * Each target (`targets.ts`) has one layout; commands name a program that the
 * build resolves (`node` is the running Node, `venv-python` the service's own
 * virtual environment, `tsc` the TypeScript compiler the service pins), never
 * a shell string.
 */
export type LayoutProgram = "node" | "venv-python" | "tsc";

export interface LayoutCommand {
  program: LayoutProgram;
  args: readonly string[];
  /** Added to the minimal environment the process runner gives every child. */
  env?: Readonly<Record<string, string>>;
}

export interface ServiceLayout {
  /** Files a generator must produce; their absence fails generation. */
  requiredFiles: readonly string[];
  /** How dependencies are installed. */
  install: { kind: "npm-ci" } | { kind: "python-venv"; requirements: string };
  /** Compiles or checks the sources; `tool` names it in messages, `errorLine` picks its error lines from the output. */
  check: LayoutCommand & { step: string; tool: string; errorLine: RegExp };
  /**
   * Runs the service's own tests: the files in `dir` matching `pattern` are
   * appended to `args` (to `singleFileArgs` instead, when given and there is
   * one file); `reporter` is how failed tests are read from the output.
   */
  test: LayoutCommand & { dir: string; pattern: RegExp; reporter: "tap" | "pytest"; missing: string; singleFileArgs?: readonly string[] };
  /** Starts the service; it listens on `PORT` at `HOST`. */
  start: LayoutCommand;
  /** A path that exists once a build has run: a build is only resumed while it is there. */
  buildOutput: string;
  /** Installed dependencies, carried over when the files are regenerated. */
  keep: readonly string[];
  /** Names of build output and state, at any depth: never part of the generated files, never committed. */
  notGenerated: readonly string[];
}

/** specforge's own state in the service folder (the checkpoint). */
export const SERVICE_STATE_DIR = ".specforge";

/** A Python service's virtual environment, inside its folder. */
export const VENV_DIR = ".venv";

export const TYPESCRIPT_NODE_LAYOUT: ServiceLayout = {
  requiredFiles: ["package.json", "package-lock.json", "tsconfig.json"],
  install: { kind: "npm-ci" },
  // The pinned devDependency: never the package's own scripts.
  check: { step: "compile", tool: "tsc", program: "tsc", args: ["-p", "tsconfig.json"], errorLine: /error TS\d+:/ },
  // Only `*.test.js` files are tests: helpers compiled beside them are not.
  // One test file (what the template writes) runs as it is: node:test runs its tests and fails the
  // process when one fails, without `--test` starting a second Node to run it in.
  test: {
    program: "node",
    args: ["--test", "--test-reporter=tap"],
    singleFileArgs: ["--test-reporter=tap"],
    dir: "dist/test",
    pattern: /\.test\.js$/,
    reporter: "tap",
    missing: "no dist/test/*.test.js after compiling",
  },
  start: { program: "node", args: ["dist/src/server.js"], env: { NODE_ENV: "production" } },
  buildOutput: "dist/src/server.js",
  keep: ["node_modules"],
  notGenerated: ["node_modules", "dist", SERVICE_STATE_DIR],
};

/** Bytecode goes into the virtual environment, not beside the sources: a build leaves only what was generated. */
const PYTHON_ENV = { PYTHONPYCACHEPREFIX: `${VENV_DIR}/pycache`, PYTHONUNBUFFERED: "1" };

export const PYTHON_FASTAPI_LAYOUT: ServiceLayout = {
  requiredFiles: ["requirements.txt", "pytest.ini", "app/__init__.py", "app/__main__.py"],
  install: { kind: "python-venv", requirements: "requirements.txt" },
  check: { step: "check", tool: "compileall", program: "venv-python", args: ["-m", "compileall", "-q", "app", "tests"], env: PYTHON_ENV, errorLine: /^\s*(\*\*\* |File "|\w*Error\b)/ },
  // No .pytest_cache: a build leaves nothing behind in the sources.
  test: {
    program: "venv-python",
    args: ["-m", "pytest", "-q", "-rf", "--tb=short", "-p", "no:cacheprovider"],
    env: PYTHON_ENV,
    dir: "tests",
    pattern: /^test_\w*\.py$/,
    reporter: "pytest",
    missing: "no tests/test_*.py",
  },
  start: { program: "venv-python", args: ["-m", "app"], env: PYTHON_ENV },
  buildOutput: `${VENV_DIR}/pyvenv.cfg`,
  keep: [VENV_DIR],
  notGenerated: [VENV_DIR, "__pycache__", ".pytest_cache", SERVICE_STATE_DIR],
};

/** Whether a path inside a service folder is build output or state under `layout` (any segment counts). */
export function isNotGenerated(relativePath: string, layout: Pick<ServiceLayout, "notGenerated">): boolean {
  return relativePath.split(/[\\/]/).some((segment) => layout.notGenerated.includes(segment));
}
