import type { Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { toString } from "mdast-util-to-string";
import { gfmTable } from "micromark-extension-gfm-table";

export type MdNode = RootContent;

export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
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
