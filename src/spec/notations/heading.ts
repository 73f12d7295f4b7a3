import type { Heading } from "mdast";
import { lineOf, sourceLines, textOf } from "../markdown.js";
import { readEndpointDeclaration, type EndpointDeclaration } from "../read-endpoint-declaration.js";
import { emptyReading, type Notation } from "./types.js";

/**
 * `### GET /health`, `### 1. GET /health`, `` ### `POST /jobs` ``, `#### GET `/notes``,
 * and a declaration in code inside a title: `### Get one note (`GET /notes/{id}`)`.
 * What follows, up to the next heading as deep or shallower, belongs to the endpoint.
 */
export const heading: Notation = {
  name: "heading",
  describes: "a heading",
  nodeTypes: ["heading"],
  read(node, context) {
    const text = textOf(node);
    // The raw line, not the rendered text: markdown would read `<id>` as a tag or an autolink.
    const raw = (sourceLines(context.source, node)[0]?.text ?? text).replace(/^\s*#+\s*/, "").replace(/\s+#+\s*$/, "");
    const declaration = readEndpointDeclaration(raw) ?? readEndpointDeclaration(text) ?? readCodeInTitle(raw);
    if (!declaration) return null;
    return { ...emptyReading(), declarations: [{ declaration, line: lineOf(node as Heading), examples: [] }] };
  },
};

/** `Get one note (`GET /notes/{id}`)`: the code span declares, the rest of the title is the summary. */
function readCodeInTitle(raw: string): EndpointDeclaration | null {
  for (const span of raw.matchAll(/`([^`]+)`/g)) {
    const declaration = readEndpointDeclaration(span[1] as string);
    if (!declaration) continue;
    const summary = raw
      .replace(span[0], "")
      .replace(/\(\s*\)|\[\s*\]/g, "")
      .replace(/[*_]/g, "")
      .replace(/\s*[-–—:]\s*$/, "")
      .trim();
    return { ...declaration, summary: declaration.summary || summary };
  }
  return null;
}
