import type { Nodes, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { toString } from "mdast-util-to-string";
import { gfmTable } from "micromark-extension-gfm-table";
import { splitAtBlocks } from "./split-markdown.js";

export type MdNode = RootContent;

/**
 * Above this many characters a SPEC is parsed a piece at a time. micromark's
 * time grows with the square of the text (every list it closes copies the
 * events of the whole document so far); pieces cut between top-level blocks
 * parse independently, so the sum stays linear. SPECs up to this size (every
 * real one we have seen) are parsed whole, so that a link reference defined
 * far from its use still resolves.
 */
export const WHOLE_CHARS = 32 * 1024;
/** The size of the pieces: small enough that the square of each stays cheap. */
export const CHUNK_CHARS = 8 * 1024;

/**
 * The top-level blocks of the markdown, in order, with positions in the whole
 * text. A section's tree is dropped once its blocks are consumed, so a large
 * SPEC never holds one tree for all of it.
 */
export function* markdownBlocks(text: string): Generator<MdNode> {
  if (text.length <= WHOLE_CHARS) {
    yield* parseWhole(text).children;
    return;
  }
  for (const chunk of splitAtBlocks(text, CHUNK_CHARS)) {
    for (const child of parseWhole(chunk.text).children) {
      shift(child, chunk.line - 1, chunk.offset);
      yield child;
    }
  }
}

/** The whole tree at once, for callers that want it (linear too, but holds every block). */
export function parseMarkdown(text: string): Root {
  return { type: "root", children: [...markdownBlocks(text)] };
}

function parseWhole(text: string): Root {
  return fromMarkdown(text, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
}

/** Moves a chunk's positions to where the chunk sits in the whole SPEC. */
function shift(node: Nodes, lines: number, offset: number): void {
  const position = node.position;
  if (position) {
    position.start = { ...position.start, line: position.start.line + lines, offset: (position.start.offset ?? 0) + offset };
    position.end = { ...position.end, line: position.end.line + lines, offset: (position.end.offset ?? 0) + offset };
  }
  if ("children" in node) for (const child of node.children as Nodes[]) shift(child, lines, offset);
}

export function textOf(node: MdNode): string {
  return toString(node).trim();
}

export function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 1;
}

/** The node's source lines, each with its 1-based line number (keeps `**bold:**` markup visible). */
export function sourceLines(text: string, node: Pick<MdNode, "position">): Array<{ text: string; line: number }> {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return [];
  const firstLine = lineOf(node);
  return text
    .slice(start, end)
    .split("\n")
    .map((line, i) => ({ text: line, line: firstLine + i }));
}

/** `Service Name`, `Version`, `Port`: the `**Label:** value` lines of a paragraph. */
export function readLabelledValue(line: string): { label: string; value: string } | null {
  const m = /^\s*[-*]?\s*\*\*([^*:]+?)\s*:?\s*\*\*\s*:?\s*(.*)$/.exec(line);
  if (!m) return null;
  return { label: (m[1] as string).trim().toLowerCase(), value: (m[2] as string).trim() };
}
