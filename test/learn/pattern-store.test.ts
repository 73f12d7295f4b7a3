import { mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { computeSignature } from "../../src/learn/compute-signature.js";
import { PatternStoreError } from "../../src/learn/pattern-store-error.js";
import { loadPatternStore, PATTERNS_FILE, updatePatternStore } from "../../src/learn/pattern-store.js";
import { recordOccurrence, recordRecovery } from "../../src/learn/record-pattern.js";
import type { PatternStore } from "../../src/learn/types.js";

const storeDir = () => mkdtemp(path.join(os.tmpdir(), "specforge-patterns-"));
const at = new Date("2025-01-02T03:04:05.000Z");
const addressInUse = computeSignature({ text: "Error: listen EADDRINUSE: address already in use :::4321", phase: "verify" });
const typeMismatch = computeSignature({ text: "src/a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.", phase: "build", code: "E2004" });

function recordBoth(store: PatternStore, order: "in one order" | "in the other" = "in one order"): void {
  const signatures = [addressInUse, typeMismatch];
  const recoveries = [
    { strategy: "restart-on-free-port", worked: true, durationMs: 850 },
    { strategy: "retry", worked: false, durationMs: 100 },
  ];
  if (order === "in the other") [signatures, recoveries].forEach((list) => list.reverse());
  for (const signature of signatures) recordOccurrence(store, signature, at);
  for (const recovery of recoveries) recordRecovery(store, addressInUse.id, recovery);
}

async function storeWith(content: string): Promise<{ dir: string; file: string }> {
  const dir = await storeDir();
  const file = path.join(dir, PATTERNS_FILE);
  await writeFile(file, content);
  return { dir, file };
}

/** The error an update of `dir` fails with, and the store file's bytes after it. */
async function failedUpdate(dir: string, file: string): Promise<{ error: unknown; after: string }> {
  const error = await updatePatternStore(dir, (store) => void recordOccurrence(store, addressInUse, at)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return { error, after: await readFile(file, "utf8") };
}

describe("the pattern store on disk", () => {
  it("loads empty when there is no store yet", async () => {
    expect((await loadPatternStore(path.join(await storeDir(), "absent"))).patterns.size).toBe(0);
  });

  it("gives back what an update recorded", async () => {
    const dir = await storeDir();
    const recorded = await updatePatternStore(dir, (store) => {
      recordBoth(store);
      return [...store.patterns.values()];
    });
    expect([...(await loadPatternStore(dir)).patterns.values()]).toEqual(expect.arrayContaining(recorded));
  });

  it("writes one record a line, sorted by id, keys sorted, ASCII only, with a final newline", async () => {
    const dir = await storeDir();
    await updatePatternStore(dir, (store) => void recordOccurrence(store, addressInUse, at));
    await updatePatternStore(dir, (store) => void recordOccurrence(store, { ...addressInUse, id: "0000000000000001", normalized: "✖ failing tests" }, at));
    expect(await readFile(path.join(dir, PATTERNS_FILE), "utf8")).toBe(
      [
        '{"patterns": [',
        '{"class":"node EADDRINUSE","code":null,"endpoint":null,"firstSeen":"2025-01-02T03:04:05.000Z","id":"0000000000000001","lastSeen":"2025-01-02T03:04:05.000Z","phase":"verify","sample":"\\u2716 failing tests","seen":1,"strategies":{}},',
        `{"class":"node EADDRINUSE","code":null,"endpoint":null,"firstSeen":"2025-01-02T03:04:05.000Z","id":"${addressInUse.id}","lastSeen":"2025-01-02T03:04:05.000Z","phase":"verify","sample":"Error: listen EADDRINUSE: address already in use <address>","seen":1,"strategies":{}}`,
        '], "version": 1}',
        "",
      ].join("\n"),
    );
    expect((await loadPatternStore(dir)).patterns.get("0000000000000001")?.sample).toBe("✖ failing tests");
  });

  it("writes the same bytes whatever order the patterns were recorded in", async () => {
    const [first, second] = [await storeDir(), await storeDir()];
    await updatePatternStore(first, (store) => recordBoth(store, "in one order"));
    await updatePatternStore(second, (store) => recordBoth(store, "in the other"));
    expect(await readFile(path.join(second, PATTERNS_FILE), "utf8")).toBe(await readFile(path.join(first, PATTERNS_FILE), "utf8"));
  });

  it("creates the prevention folder and leaves no temporary file or lock behind", async () => {
    const dir = await storeDir();
    await updatePatternStore(dir, (store) => recordBoth(store));
    expect((await readdir(dir)).sort()).toEqual(["patterns.json", "prevention"]);
  });

  it("writes nothing when the change throws", async () => {
    const dir = await storeDir();
    await updatePatternStore(dir, (store) => void recordOccurrence(store, addressInUse, at));
    const before = await readFile(path.join(dir, PATTERNS_FILE), "utf8");
    const failing = updatePatternStore(dir, (store) => {
      recordOccurrence(store, typeMismatch, at);
      throw new Error("the recovery crashed");
    });
    await expect(failing).rejects.toThrow("the recovery crashed");
    expect(await readFile(path.join(dir, PATTERNS_FILE), "utf8")).toBe(before);
  });

  it("writes nothing when another process took the lock over during the update", async () => {
    const dir = await storeDir();
    await updatePatternStore(dir, (store) => void recordOccurrence(store, addressInUse, at));
    const before = await readFile(path.join(dir, PATTERNS_FILE), "utf8");
    const overtaken = updatePatternStore(dir, async (store) => {
      recordOccurrence(store, typeMismatch, at);
      await writeFile(path.join(dir, `${PATTERNS_FILE}.lock`), JSON.stringify({ pid: 1, host: "another-host", token: "theirs" }));
    });
    await expect(overtaken).rejects.toThrow("the store's lock was taken over by another process while this update ran; nothing was written");
    expect([await readFile(path.join(dir, PATTERNS_FILE), "utf8"), (await readdir(dir)).sort()]).toEqual([before, ["patterns.json", "patterns.json.lock", "prevention"]]);
  });

  it("does not rewrite a store the change left as it was", async () => {
    const dir = await storeDir();
    await updatePatternStore(dir, (store) => void recordOccurrence(store, addressInUse, at));
    const before = await stat(path.join(dir, PATTERNS_FILE));
    await updatePatternStore(dir, () => undefined);
    expect((await stat(path.join(dir, PATTERNS_FILE))).ino).toBe(before.ino);
  });
});

describe("a damaged pattern store", () => {
  it("is reported with its path and where it ends when truncated, and left untouched", async () => {
    const valid = await storeDir();
    await updatePatternStore(valid, (store) => recordBoth(store));
    const text = await readFile(path.join(valid, PATTERNS_FILE), "utf8");
    const truncated = text.slice(0, text.indexOf('"sample"') + 12);
    const { dir, file } = await storeWith(truncated);
    const { error, after } = await failedUpdate(dir, file);
    expect(error).toBeInstanceOf(PatternStoreError);
    // Where the cut string value starts: `"sample":` is 9 characters.
    const column = truncated.indexOf('"sample"') + 9 - truncated.lastIndexOf("\n");
    expect((error as Error).message).toBe(`${file}: not valid JSON: unexpected end of string at line 2, column ${column}, and the file ends there (truncated?) (fix or remove it; it was left untouched)`);
    expect(after).toBe(truncated);
  });

  it("is reported with the line and column of a syntax error", async () => {
    const { dir } = await storeWith('{\n  "version": 1,\n  "patterns": [\n    { "id" "x" }\n  ]\n}\n');
    await expect(loadPatternStore(dir)).rejects.toThrow("not valid JSON: colon expected at line 4, column 12 (fix or remove it; it was left untouched)");
  });

  it("names the record and each invalid field of a hand edit, and is left untouched", async () => {
    const broken = JSON.stringify({
      patterns: [{ class: "text", code: null, endpoint: null, firstSeen: "yesterday", id: "0123456789abcdef", lastSeen: "2025-01-02T03:04:05.000Z", phase: null, sample: "x", seen: -1, strategies: { retry: { tried: 1, worked: 2, meanRecoveryMs: null } }, note: "mine" }],
      version: 1,
    });
    const { dir, file } = await storeWith(broken);
    const { error, after } = await failedUpdate(dir, file);
    expect((error as PatternStoreError).problems).toEqual([
      'patterns[0] (id 0123456789abcdef): unknown field "note"',
      'patterns[0] (id 0123456789abcdef): "seen" must be a whole number of at least 1, found -1',
      'patterns[0] (id 0123456789abcdef): "firstSeen" must be an ISO 8601 UTC timestamp, found "yesterday"',
      'patterns[0] (id 0123456789abcdef): strategy "retry": "worked" must be a whole number no larger than "tried", found 2',
      'patterns[0] (id 0123456789abcdef): strategy "retry": "meanRecoveryMs" must be null when nothing worked and a number of ms otherwise, found null',
    ]);
    expect(after).toBe(broken);
  });

  it("is reported when its schema version is not one this specforge reads", async () => {
    const { dir, file } = await storeWith('{ "patterns": [], "version": 2 }\n');
    await expect(loadPatternStore(dir)).rejects.toThrow(`${file}: unsupported version 2: this specforge reads version 1 (use the specforge that wrote it, or remove it)`);
  });

  it("is reported when the same id appears twice", async () => {
    const record = { class: "text", code: null, endpoint: null, firstSeen: "2025-01-02T03:04:05.000Z", id: "0123456789abcdef", lastSeen: "2025-01-02T03:04:05.000Z", phase: null, sample: "x", seen: 1, strategies: {} };
    const { dir } = await storeWith(JSON.stringify({ patterns: [record, record], version: 1 }));
    await expect(loadPatternStore(dir)).rejects.toThrow("patterns[1] (id 0123456789abcdef): the id appears twice");
  });
});
