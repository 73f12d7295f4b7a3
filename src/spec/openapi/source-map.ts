import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";

export type DocumentPath = ReadonlyArray<string | number>;

export interface ParsedSource {
  /** The document as plain data; undefined when it could not be read. */
  value: unknown;
  /** YAML (or JSON) syntax errors, each at its line. */
  errors: Array<{ message: string; line: number }>;
  /** The line of the key at `path` (`["paths", "/items", "get"]`), or of the item at an index; undefined when the document has none. */
  lineOf(path: DocumentPath): number | undefined;
}

/** Aliases expanded at most this many times: a document of nested aliases ("billion laughs") is refused, not expanded. */
const MAX_ALIAS_COUNT = 100;

/**
 * Reads an OpenAPI document, YAML or JSON (JSON is YAML 1.2), keeping where
 * each key is, so that endpoints and findings carry the source line.
 */
export function parseSource(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  // prettyErrors sets each error's position; its message's first line, less the position, is the reason.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const errors = doc.errors.map((e) => ({ message: (e.message.split("\n")[0] as string).replace(/ at line \d+, column \d+:?$/, ""), line: e.linePos?.[0].line ?? 1 }));
  let value: unknown;
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      errors.push({ message: (error as Error).message, line: 1 });
    }
  }
  return { value, errors, lineOf: (path) => lineOfPath(doc, lineCounter, path) };
}

function lineOfPath(doc: Document, lines: LineCounter, path: DocumentPath): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return undefined;
      const start = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      line = start === undefined ? line : lines.linePos(start).line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as { range?: [number, number, number] } | undefined;
      if (!item) return undefined;
      line = item.range ? lines.linePos(item.range[0]).line : line;
      node = item;
    } else return undefined;
  }
  return line;
}

/**
 * The path of the key on each line of `JSON.stringify(value, null, 2)`: the
 * OpenAPI parser's messages show that rendering, and this turns a line of it
 * back into a place in the document.
 */
export function pathAtRenderedLine(value: unknown, renderedLine: number): DocumentPath | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(JSON.stringify(value, null, 2), { lineCounter });
  let found: DocumentPath | undefined;
  const walk = (node: unknown, path: DocumentPath) => {
    if (found) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const here = [...path, String(pair.key.value)];
        const start = pair.key.range?.[0];
        if (start !== undefined && lineCounter.linePos(start).line === renderedLine) {
          found = here;
          return;
        }
        walk(pair.value, here);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(doc.contents, []);
  return found;
}
