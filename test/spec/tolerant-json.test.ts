import { describe, expect, it } from "vitest";
import { normalizeNotation, readTolerantJson } from "../../src/spec/tolerant-json.js";

const read = (text: string) => readTolerantJson(normalizeNotation(text));

describe("tolerant JSON", () => {
  it.each([
    ["// comments and trailing commas", '{"a": 1, // one\n "b": [2,],}', { a: 1, b: [2] }],
    ["# comments, outside strings only", '{"a": "x # y",  # note\n "b": 2}', { a: "x # y", b: 2 }],
    ["Python constants", '{"a": True, "b": False, "c": None}', { a: true, b: false, c: null }],
    ["[...] and {...}", '{"a": [...], "b": {...}}', { a: [], b: {} }],
    ["a trailing ... in an array", "[1, 2, ...]", [1, 2]],
    ["... between members", '{"a": 1,\n ...,\n "b": 2}', { a: 1, b: 2 }],
    ['"key": ... as a value that matches anything', '{"a": ...}', { a: null }],
    ["{...item...} elements", "[{...item...}, {...item...}]", [{}, {}]],
    ['"..." inside strings, kept', '["...", "…"]', ["...", "…"]],
    ["… outside strings", "[1, …]", [1]],
    ["bare words, as strings", '{"file": File}', { file: "File" }],
    ["single quotes and unquoted keys", "{name: 'x'}", { name: "x" }],
  ])("reads %s", (_name, text, value) => {
    expect(read(text)).toEqual({ ok: true, value });
  });

  it("keeps a missing comma between two values an error, at the second value", () => {
    expect(read('{"a": 1\n "b": 2}')).toEqual({ ok: false, offset: 9, message: "',' expected" });
  });

  it("keeps a key without its colon an error, at the value", () => {
    expect(read('{"a" 1}')).toEqual({ ok: false, offset: 5, message: "':' expected" });
  });

  it("reports what jsonrepair cannot repair, with its offset", () => {
    expect(read('{"a": 1, :}')).toEqual({ ok: false, offset: 9, message: "object key expected" });
  });

  it("keeps every line break, so that lines found later stay true", () => {
    const text = '{\n  "a": ...,  # x\n  …\n}';
    expect(normalizeNotation(text).split("\n")).toHaveLength(text.split("\n").length);
  });
});
