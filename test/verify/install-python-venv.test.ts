import { describe, expect, it } from "vitest";
import { installPythonVenv } from "../../src/verify/install-python-venv.js";
import { HAS_ALL, LACKS, NOT_FOUND, OK, scriptedRunner, type Answer } from "./scripted-runner.js";

async function install(script: (call: string) => Answer, pythons = ["python3", "/usr/bin/python3"]) {
  const runner = scriptedRunner(script);
  const steps: string[] = [];
  const result = await installPythonVenv({ serviceDir: "/srv/svc", runner, timeoutMs: 60_000, pythons, onStep: (s) => steps.push(s) }, "requirements.txt");
  return { result, calls: runner.calls, steps };
}

describe("installing a Python service's dependencies", () => {
  it("makes the venv on the packages of the first interpreter that has every pinned version, without pip", async () => {
    const { result, calls, steps } = await install((call) => (call.startsWith("python3 -c") ? LACKS : call.startsWith("/usr/bin/python3 -c") || call.startsWith(".venv/bin/python -c") ? HAS_ALL : OK));
    expect(result).toEqual({ ok: true });
    expect(calls).toEqual([
      "python3 -c <probe> requirements.txt",
      "/usr/bin/python3 -c <probe> requirements.txt",
      "/usr/bin/python3 -m venv --clear --without-pip --system-site-packages .venv",
      ".venv/bin/python -c <probe> requirements.txt",
    ]);
    expect(steps).toEqual(["install (a virtual environment on the packages of /usr/bin/python3)"]);
  });

  it("installs the pinned versions from the package index, as wheels only, when no interpreter has them", async () => {
    let installed = false;
    const { result, calls, steps } = await install((call) => {
      if (call.includes("pip install")) installed = true;
      if (call.startsWith(".venv/bin/python -c")) return installed ? HAS_ALL : LACKS;
      return call.includes("-c <probe>") ? LACKS : OK;
    });
    expect(result).toEqual({ ok: true });
    expect(calls).toEqual([
      "python3 -c <probe> requirements.txt",
      "/usr/bin/python3 -c <probe> requirements.txt",
      "python3 -m venv --clear .venv",
      ".venv/bin/python -m pip install --disable-pip-version-check --no-input --only-binary=:all: -r requirements.txt",
      ".venv/bin/python -c <probe> requirements.txt",
    ]);
    expect(steps).toEqual(["install (pip install -r requirements.txt from the package index)"]);
  });

  it("says what each interpreter lacked when the package index cannot help either", async () => {
    const { result } = await install((call) =>
      call.includes("pip install") ? { exitCode: 1, output: "ERROR: Could not find a version that satisfies the requirement fastapi==0.92.0" } : call.includes("-c <probe>") ? LACKS : OK,
    );
    expect(result).toEqual({
      ok: false,
      code: "E2002",
      message:
        "pip install -r requirements.txt failed; no interpreter had the pinned packages (python3 (Python 3.11.7) lacks fastapi==0.92.0 (not installed), pydantic==1.10.4 (2.7.1 installed); /usr/bin/python3 (Python 3.11.7) lacks fastapi==0.92.0 (not installed), pydantic==1.10.4 (2.7.1 installed)) (exit 1): ERROR: Could not find a version that satisfies the requirement fastapi==0.92.0",
    });
  });

  it("fails naming the interpreters it tried when there is no Python at all", async () => {
    const { result, calls } = await install(() => NOT_FOUND);
    expect(result).toEqual({ ok: false, code: "E2002", message: "no Python 3 interpreter found (tried python3, /usr/bin/python3)" });
    expect(calls).toHaveLength(2);
  });

  it("refuses a venv that does not have what requirements.txt pins", async () => {
    const { result } = await install((call) => (call.startsWith(".venv/bin/python -c") ? LACKS : call.includes("-c <probe>") ? HAS_ALL : OK), ["python3"]);
    expect(result).toEqual({
      ok: false,
      code: "E2002",
      message: "the virtual environment does not have what requirements.txt pins: fastapi==0.92.0 (not installed), pydantic==1.10.4 (2.7.1 installed)",
    });
  });
});
