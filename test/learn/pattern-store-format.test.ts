import { describe, expect, it } from "vitest";
import { parsePatternStore, serializePatternStore } from "../../src/learn/pattern-store-format.js";
import { recordOccurrence } from "../../src/learn/record-pattern.js";
import type { PatternRecord } from "../../src/learn/types.js";

const record = (id: string): PatternRecord => ({
  id,
  class: "text",
  phase: "verify",
  code: "E3004",
  endpoint: null,
  sample: `sample ${id}`,
  seen: 1,
  firstSeen: "2025-01-01T00:00:00.000Z",
  lastSeen: "2025-01-01T00:00:00.000Z",
  strategies: {},
});

const ids = (text: string) => [...parsePatternStore(text, "patterns.json").keys()];

describe("serializing the pattern store", () => {
  it("orders records by id however they arrive: a sorted run with new ones after it, or none sorted", () => {
    const sortedRun = ["0000000000000001", "0000000000000003", "0000000000000005", "0000000000000002", "0000000000000006", "0000000000000000"];
    expect(ids(serializePatternStore(sortedRun.map(record)))).toEqual([...sortedRun].sort());
    const reversed = ["00000000000000ff", "00000000000000aa", "0000000000000010", "0000000000000001"];
    expect(ids(serializePatternStore(reversed.map(record)))).toEqual([...reversed].sort());
  });

  it("writes an empty store as an empty list", () => {
    expect(serializePatternStore([])).toBe('{"patterns": [\n], "version": 1}\n');
    expect(ids(serializePatternStore([]))).toEqual([]);
  });
});

describe("writing a store read from a file", () => {
  it("writes a changed record anew and the others as they were read", () => {
    const text = serializePatternStore(["0000000000000001", "0000000000000002"].map(record));
    const read = parsePatternStore(text, "patterns.json");
    const changed = read.get("0000000000000002") as PatternRecord;
    recordOccurrence({ dir: "", patterns: read }, { id: changed.id, class: "text", normalized: "x", phase: "verify", code: "E3004", endpoint: null }, new Date("2025-01-02T00:00:00Z"));
    const again = serializePatternStore(read.values());
    expect(again.split("\n")[1]).toBe(text.split("\n")[1]);
    expect(parsePatternStore(again, "patterns.json").get(changed.id)).toMatchObject({ seen: 2, lastSeen: "2025-01-02T00:00:00.000Z" });
  });

  it("rewrites a hand-formatted file in the canonical layout", () => {
    const pretty = JSON.stringify({ version: 1, patterns: [record("0000000000000003")] }, null, 2);
    const read = parsePatternStore(pretty, "patterns.json");
    expect(serializePatternStore(read.values())).toBe(serializePatternStore([record("0000000000000003")]));
  });
});
