import { describe, expect, it } from "vitest";
import { CHUNK_CHARS, markdownBlocks, textOf, WHOLE_CHARS } from "../../src/spec/markdown.js";
import { splitAtBlocks } from "../../src/spec/split-markdown.js";

describe("splitting markdown between top-level blocks", () => {
  it("cuts before an unindented line after a blank line, once a chunk is long enough", () => {
    const text = ["# A", "text", "", "## B", "more", "## C", "", "para", "  indented", "", "end"].join("\n");
    expect(splitAtBlocks(text, 1).map((c) => [c.line, c.offset, c.text.split("\n")[0]])).toEqual([
      [1, 0, "# A"],
      [4, 10, "## B"],
      [8, 26, "para"],
      [11, 43, "end"],
    ]);
  });

  it("never cuts inside a fence or an HTML comment", () => {
    const text = ["# A", "", "```", "", "# not a heading", "```", "", "<!--", "", "# nor this", "-->", "", "# B"].join("\n");
    expect(splitAtBlocks(text, 1).map((c) => c.line)).toEqual([1, 3, 8, 13]);
  });

  it("never cuts before a list item, which continues the list above", () => {
    const text = ["- a", "", "- b", "", "1. c", "", "2. d"].join("\n");
    expect(splitAtBlocks(text, 1).map((c) => c.line)).toEqual([1]);
  });

  it("gives the blocks of a large text the lines and offsets they have in the whole", () => {
    const section = (i: number) => [`## Section ${i}`, "", "- a list item", "", "```json", `{"i": ${i}}`, "```", ""].join("\n");
    const text = Array.from({ length: 1000 }, (_, i) => section(i)).join("\n");
    const blocks = [...markdownBlocks(text)];
    const last = blocks.at(-1);
    expect([blocks.length, last?.type, last?.position?.start.line, text.slice(last?.position?.start.offset, last?.position?.end.offset)]).toEqual([
      3000,
      "code",
      999 * 8 + 5,
      '```json\n{"i": 999}\n```',
    ]);
  });

  it("parses a SPEC up to the size of a whole one in one piece, so a link reference defined far below still resolves", () => {
    const filler = Array.from({ length: 1000 }, (_, i) => `Paragraph ${i}.\n`).join("\n");
    const text = ["# The [Notes API][api]", "", filler, "[api]: https://example.com/api"].join("\n");
    expect(text.length).toBeLessThan(WHOLE_CHARS);
    expect(text.length).toBeGreaterThan(CHUNK_CHARS);
    expect(textOf([...markdownBlocks(text)][0] as Parameters<typeof textOf>[0])).toBe("The Notes API");
  });
});
