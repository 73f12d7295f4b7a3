export interface MarkdownChunk {
  text: string;
  /** 1-based line of the chunk's first line in the whole text. */
  line: number;
  /** Offset of the chunk's first character in the whole text. */
  offset: number;
}

/** A line that starts a block of its own at the top level; a list item would continue the list above. */
const TOP_LEVEL_START = /^(?![-*+][ \t]|\d{1,9}[.)][ \t]|[-*+]$|\d{1,9}[.)]$)\S/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** HTML blocks that a blank line does not end (CommonMark kinds 1 to 5), with what ends them. */
const RAW_HTML: ReadonlyArray<[RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

/**
 * Cuts markdown into chunks of about `size` characters, only before a line
 * that follows a blank line and starts at its first column, outside any fence
 * or raw HTML block, and is not a list item (which would continue the list
 * above). Such a line closes every open container (list, quote, paragraph), so
 * each chunk parses as it would in the whole; only link reference definitions
 * do not reach across chunks.
 */
export function splitAtBlocks(text: string, size: number): MarkdownChunk[] {
  const chunks: MarkdownChunk[] = [];
  let chunkStart = 0;
  let chunkLine = 1;
  let fence: { char: string; length: number } | null = null;
  let rawHtmlEnd: RegExp | null = null;
  let previousBlank = true;
  let offset = 0;
  let line = 1;
  while (offset < text.length) {
    const newline = text.indexOf("\n", offset);
    const end = newline < 0 ? text.length : newline;
    const content = text.slice(offset, end);
    if (fence) {
      const close = FENCE.exec(content);
      if (close && (close[1] as string)[0] === fence.char && (close[1] as string).length >= fence.length && (close[2] as string).trim() === "") fence = null;
    } else if (rawHtmlEnd) {
      if (rawHtmlEnd.test(content)) rawHtmlEnd = null;
    } else {
      if (previousBlank && TOP_LEVEL_START.test(content) && offset - chunkStart >= size) {
        chunks.push({ text: text.slice(chunkStart, offset), line: chunkLine, offset: chunkStart });
        chunkStart = offset;
        chunkLine = line;
      }
      const open = FENCE.exec(content);
      if (open && !((open[1] as string)[0] === "`" && (open[2] as string).includes("`"))) {
        fence = { char: (open[1] as string)[0] as string, length: (open[1] as string).length };
      } else {
        const html = RAW_HTML.find(([start]) => start.test(content));
        if (html && !html[1].test(content.replace(html[0], ""))) rawHtmlEnd = html[1];
      }
    }
    previousBlank = !fence && content.trim() === "";
    offset = end + 1;
    line++;
  }
  chunks.push({ text: text.slice(chunkStart), line: chunkLine, offset: chunkStart });
  return chunks;
}
