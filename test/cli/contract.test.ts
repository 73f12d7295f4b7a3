import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { memoryIo } from "../helpers/cli-io.js";
import { example, fixture } from "../helpers/paths.js";

describe("specforge contract", () => {
  it("prints the SPEC's contract as an OpenAPI 3.1 document on stdout", async () => {
    const io = memoryIo();
    expect(await runCli(["contract", example("url-shortener")], io)).toBe(0);
    const document = JSON.parse(io.out()) as { openapi: string; info: { title: string; version: string } };
    expect([document.openapi, document.info.version]).toEqual(["3.1.0", "0.2.0"]);
    expect(await validate(document as never)).toMatchObject({ valid: true });
    expect(io.err()).toBe("");
  });

  it("writes it to the file --out names, and says so on stderr", async () => {
    const io = memoryIo();
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-contract-")), "openapi.json");
    expect(await runCli(["contract", fixture("specs/openapi/room-booking-3.1.json"), "--out", file], io)).toBe(0);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ openapi: "3.1.0", info: { title: "Room Booking", version: "0.3.0" } });
    expect([io.out(), io.err()]).toEqual(["", `${file}: OpenAPI 3.1 for room-booking 0.3.0\n`]);
  });

  it("exits 1 with the SPEC's errors and writes nothing for a SPEC that has some", async () => {
    const io = memoryIo();
    const spec = fixture("specs/invalid-json.md");
    expect(await runCli(["contract", spec], io)).toBe(1);
    expect([io.out(), io.err()]).toEqual(["", `${spec}:11: E1002 invalid JSON example: ',' expected\n`]);
  });
});
