import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PYTHON_FASTAPI_LAYOUT } from "../../src/synth/service-layout.js";
import { buildService } from "../../src/verify/build-service.js";
import type { ProcessRunner } from "../../src/verify/process-runner.js";
import { HAS_ALL, OK, scriptedRunner } from "./scripted-runner.js";

describe("building a Python service", () => {
  async function serviceDir() {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-pybuild-"));
    await mkdir(path.join(dir, "tests"));
    for (const name of ["__init__.py", "helpers.py", "test_service.py", "test_more.py"]) await writeFile(path.join(dir, "tests", name), "");
    return dir;
  }

  it("checks the sources and runs pytest on the test files with the venv's interpreter, bytecode kept in the venv", async () => {
    const dir = await serviceDir();
    const envs: Array<Record<string, string> | undefined> = [];
    const runner = scriptedRunner((call) => (call.includes("-c <probe>") ? HAS_ALL : OK));
    const recording: ProcessRunner = { ...runner, run: (file, args, options) => (envs.push(options.env), runner.run(file, args, options)) };
    const result = await buildService({ serviceDir: dir, runner: recording, specFile: "SPEC.md", layout: PYTHON_FASTAPI_LAYOUT, pythons: ["python3"] });
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.name)).toEqual(["install", "check", "test"]);
    expect(runner.calls.slice(-2)).toEqual([".venv/bin/python -m compileall -q app tests", ".venv/bin/python -m pytest -q -rf --tb=short -p no:cacheprovider tests/test_more.py tests/test_service.py"]);
    expect(envs.slice(-2)).toEqual([
      { PYTHONPYCACHEPREFIX: ".venv/pycache", PYTHONUNBUFFERED: "1" },
      { PYTHONPYCACHEPREFIX: ".venv/pycache", PYTHONUNBUFFERED: "1" },
    ]);
  });

  it("reports a syntax error as a compilation failure with its file and line", async () => {
    const output = ["*** Error compiling 'app/handlers.py'...", '  File "app/handlers.py", line 12', "    def (", "        ^", "SyntaxError: invalid syntax", ""].join("\n");
    const runner = scriptedRunner((call) => (call.includes("-c <probe>") ? HAS_ALL : call.includes("compileall") ? { exitCode: 1, output } : OK));
    const result = await buildService({ serviceDir: await serviceDir(), runner, specFile: "SPEC.md", layout: PYTHON_FASTAPI_LAYOUT, pythons: ["python3"] });
    expect(result.findings).toEqual([
      { code: "E2004", severity: "error", file: "SPEC.md", message: `compilation failed: *** Error compiling 'app/handlers.py'...; File "app/handlers.py", line 12; SyntaxError: invalid syntax` },
    ]);
  });

  it("names the failed tests as pytest reports them", async () => {
    const output = ["..F.", "FAILED tests/test_service.py::test_02_get_capabilities_answers_as_documented - AssertionError: assert ['version: missing'] == []", "1 failed, 3 passed in 0.31s"].join("\n");
    const runner = scriptedRunner((call) => (call.includes("-c <probe>") ? HAS_ALL : call.includes("pytest") ? { exitCode: 1, output } : OK));
    const result = await buildService({ serviceDir: await serviceDir(), runner, specFile: "SPEC.md", layout: PYTHON_FASTAPI_LAYOUT, pythons: ["python3"] });
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([["E3001", "the service's tests failed: tests/test_service.py::test_02_get_capabilities_answers_as_documented"]]);
  });

  it("fails a service without tests", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-pybuild-"));
    const runner = scriptedRunner((call) => (call.includes("-c <probe>") ? HAS_ALL : OK));
    const result = await buildService({ serviceDir: dir, runner, specFile: "SPEC.md", layout: PYTHON_FASTAPI_LAYOUT, pythons: ["python3"] });
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([["E3001", "the service has no tests (no tests/test_*.py)"]]);
  });
});

describe("building a TypeScript service", () => {
  /** A service folder whose install the cache answers, and whose "compile" leaves the given test files. */
  async function build(testFiles: string[]) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "specforge-tsbuild-"));
    await mkdir(path.join(dir, "dist/test"), { recursive: true });
    for (const name of [...testFiles, "helpers.js"]) await writeFile(path.join(dir, "dist/test", name), "");
    const runner = scriptedRunner(() => OK);
    const installCache = { restore: async () => true, save: async () => undefined };
    const result = await buildService({ serviceDir: dir, runner, specFile: "SPEC.md", installCache });
    return { result, calls: runner.calls.map((c) => c.replace(process.execPath, "node")) };
  }

  it("runs a single test file as it is, without a test runner process around it", async () => {
    const { result, calls } = await build(["service.test.js"]);
    expect(result.ok).toBe(true);
    expect(calls.at(-1)).toBe("node --test-reporter=tap dist/test/service.test.js");
  });

  it("runs several test files with node --test", async () => {
    const { calls } = await build(["a.test.js", "b.test.js"]);
    expect(calls.at(-1)).toBe("node --test --test-reporter=tap dist/test/a.test.js dist/test/b.test.js");
  });
});
