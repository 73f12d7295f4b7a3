import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPatternsSignature } from "../../src/cli/patterns-signature.js";
import { fixture } from "../helpers/paths.js";

const tscOutput = fixture("error-outputs/tsc-type-mismatch.txt");
const timeoutOutput = fixture("error-outputs/node-test-timeout.txt");
const golden = JSON.parse(readFileSync(fixture("error-outputs/golden.json"), "utf8")) as Record<string, { id: string; class: string; normalized: string }>;
const tsc = golden["tsc-type-mismatch"] as { id: string; class: string; normalized: string };
const timeout = golden["node-test-timeout"] as { id: string; class: string; normalized: string };

function memoryStreams() {
  let out = "";
  let err = "";
  return { io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } }, out: () => out, err: () => err };
}

describe("specforge patterns signature", () => {
  it("prints each file's id and class, then the normalised text indented, and exits 0", async () => {
    const { io, out } = memoryStreams();
    const code = await runPatternsSignature([tscOutput, timeoutOutput], { json: false }, io);
    expect([code, out()]).toEqual([
      0,
      [
        `${tscOutput}: ${tsc.id}  tsc TS2322`,
        "    <path>: error TS2322: Type <q> is not assignable to type <q>.",
        `${timeoutOutput}: ${timeout.id}  node:test timeout`,
        "    not ok <n> - <test>",
        "    failureType: 'testTimeoutFailure'",
        "    error: test timed out after <duration>",
        "    code: 'ERR_TEST_FAILURE'",
        "",
      ].join("\n"),
    ]);
  });

  it("prints [{ file, id, class, normalized }] with --json", async () => {
    const { io, out } = memoryStreams();
    await runPatternsSignature([tscOutput, timeoutOutput], { json: true }, io);
    expect(JSON.parse(out())).toEqual([
      { file: tscOutput, id: tsc.id, class: tsc.class, normalized: tsc.normalized },
      { file: timeoutOutput, id: timeout.id, class: timeout.class, normalized: timeout.normalized },
    ]);
  });

  it("says so when a file holds no error text", async () => {
    const empty = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-signature-")), "empty.log");
    await writeFile(empty, "\n\n");
    const { io, out } = memoryStreams();
    await runPatternsSignature([empty], { json: false }, io);
    expect(out()).toMatch(/^.*empty\.log: [0-9a-f]{16} {2}text\n {4}\(no error text\)\n$/);
  });

  it("names an unreadable file on stderr, still prints the others, and exits 2", async () => {
    const missing = path.join(os.tmpdir(), "specforge-no-such-output.log");
    const { io, out, err } = memoryStreams();
    const code = await runPatternsSignature([missing, tscOutput], { json: true }, io);
    expect([code, err(), JSON.parse(out()).map((result: { file: string }) => result.file)]).toEqual([2, `specforge: cannot read ${missing}: no such file\n`, [tscOutput]]);
  });

  it("names a folder given as a file", async () => {
    const { io, err } = memoryStreams();
    expect(await runPatternsSignature([os.tmpdir()], { json: false }, io)).toBe(2);
    expect(err()).toBe(`specforge: cannot read ${os.tmpdir()}: it is a folder\n`);
  });
});

describe("specforge patterns signature, from the command line", () => {
  it("is a subcommand of patterns, with --json", async () => {
    const { memoryIo } = await import("../helpers/cli-io.js");
    const { runCli } = await import("../../src/cli/main.js");
    const io = memoryIo();
    expect(await runCli(["patterns", "signature", tscOutput, "--json"], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual([{ file: tscOutput, id: tsc.id, class: "tsc TS2322", normalized: tsc.normalized }]);
  });
});
