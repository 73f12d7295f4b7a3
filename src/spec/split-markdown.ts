export interface MarkdownChunk {
  text: string;
  /** 1-based line of the chunk's first line in the whole text. */
  line: number;
  /** Offset of the chunk's first character in the whole text. */
  offset: number;
}

const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
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
 * Cuts markdown into chunks of about `size` characters, only before an ATX
 * heading that starts a line after a blank line, outside any fence or raw
 * HTML block. Such a heading closes every open container (list, quote,
 * paragraph), so each chunk parses as it would in the whole; only link
 * reference definitions do not reach across chunks.
 */
export function splitAtHeadings(text: string, size: number): MarkdownChunk[] {
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
    } else if (previousBlank && ATX_HEADING.test(content) && offset - chunkStart >= size) {
      chunks.push({ text: text.slice(chunkStart, offset), line: chunkLine, offset: chunkStart });
      chunkStart = offset;
      chunkLine = line;
    } else {
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
