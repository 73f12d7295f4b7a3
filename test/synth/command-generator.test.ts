import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeSpecFile } from "../../src/spec/analyze-spec-file.js";
import { toContract } from "../../src/spec/to-contract.js";
import { createCommandGenerator } from "../../src/synth/command-generator.js";
import { createTemplateGenerator } from "../../src/synth/template-generator.js";
import { createProcessRunner } from "../../src/verify/create-process-runner.js";
import { example, fixture, repoRoot } from "../helpers/paths.js";

async function inputFor(spec: string, attempt = 1) {
  const analyzed = await analyzeSpecFile(spec);
  return { spec: analyzed.spec, contract: toContract(analyzed.spec), specText: analyzed.text, attempt, previousFindings: [] };
}

const node = process.execPath;

describe("the command generator", () => {
  it("runs the program on the target's scaffold with the protocol's variables, and takes the folder back", async () => {
    const log = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-cmd-")), "log");
    const generator = await createCommandGenerator({
      command: [node, fixture("generators/drop-key-once.mjs"), log, "GET /links/{code}", "clicks"],
      runner: createProcessRunner(),
      cwd: repoRoot,
      env: { ...process.env, GITHUB_TOKEN: "ghs_secret" },
    });
    expect([generator.id, generator.deterministic, generator.target]).toEqual(["command", false, "typescript-node"]);
    const input = await inputFor(example("url-shortener"));
    const files = await generator.generate({ ...input, spec: { ...input.spec, file: "examples/url-shortener/SPEC.md" } });
    const scaffold = await (await createTemplateGenerator()).generate(input);
    // Everything the scaffold has, with one change: the contract the handlers answer with.
    expect(files.map((f) => f.path)).toEqual(scaffold.map((f) => f.path));
    expect(files.filter((f) => f.content !== scaffold.find((s) => s.path === f.path)?.content).map((f) => f.path)).toEqual(["src/contract.ts"]);
    expect(JSON.parse((await readFile(log, "utf8")).trim())).toEqual({
      attempt: 1,
      spec: path.join(repoRoot, "examples/url-shortener/SPEC.md"),
      target: "typescript-node",
      service: "url-shortener",
      findings: [],
      scaffold: true,
      // The caller's tokens never reach the command unless the configuration names them.
      secret: null,
    });
  });

  it("fails the attempt with what the program printed when it exits non-zero", async () => {
    const generator = await createCommandGenerator({ command: [node, "-e", "console.error('model endpoint refused'); process.exit(4)"], runner: createProcessRunner(), cwd: repoRoot, env: process.env });
    await expect(generator.generate(await inputFor(example("url-shortener")))).rejects.toThrow("the generator command exited 4: model endpoint refused");
  });

  it("refuses a link left in the service folder", async () => {
    const generator = await createCommandGenerator({
      command: [node, "-e", "require('node:fs').symlinkSync('/etc/passwd', require('node:path').join(process.env.SPECFORGE_OUT, 'src/leak.ts'))"],
      runner: createProcessRunner(),
      cwd: repoRoot,
      env: process.env,
    });
    await expect(generator.generate(await inputFor(example("url-shortener")))).rejects.toThrow("the generator command left a link at src/leak.ts; services are made of plain files");
  });

  it("passes the variables the configuration names, and the findings of the attempt before", async () => {
    const log = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-cmd-")), "log");
    const generator = await createCommandGenerator({
      command: [node, fixture("generators/drop-key-once.mjs"), log, "GET /links/{code}", "clicks"],
      runner: createProcessRunner(),
      cwd: repoRoot,
      env: { ...process.env, ANTHROPIC_API_KEY: "sk-local" },
      passEnv: ["ANTHROPIC_API_KEY"],
    });
    const input = await inputFor(example("url-shortener"), 2);
    await generator.generate({ ...input, previousFindings: [{ code: "E3004", severity: "error", message: "missing key clicks", subject: "GET /links/{code}" }] });
    expect(JSON.parse((await readFile(log, "utf8")).trim())).toMatchObject({ attempt: 2, findings: ["E3004 GET /links/{code}"], secret: "sk-local" });
  });
});
