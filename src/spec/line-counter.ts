/**
 * Line numbers of offsets in one text, for offsets asked in increasing order
 * (as a scanner meets them): each call counts only the newlines since the last,
 * so numbering every value of a block stays linear in its length.
 */
export class LineCounter {
  private offset = 0;
  private line = 0;

  constructor(private readonly text: string) {}

  /** 0-based line of `offset`. */
  lineAt(offset: number): number {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 0;
    }
    const end = Math.min(offset, this.text.length);
    for (let i = this.offset; i < end; i++) if (this.text.charCodeAt(i) === 10) this.line++;
    this.offset = Math.max(this.offset, end);
    return this.line;
  }
}
