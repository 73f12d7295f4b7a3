import type { Code } from "mdast";
import { lineOf } from "../markdown.js";
import { parseExampleBlock } from "../parse-example-block.js";
import { emptyReading, type Notation } from "./types.js";

/**
 * A fenced block of examples for the open endpoint: JSON (tolerantly), several
 * values for a WebSocket's events, `// Request` / `// Response` sections, text
 * and HTML answers, TypeScript-like sketches (see parse-example-block.ts).
 */
export const exampleBlock: Notation = {
  name: "example-block",
  describes: "an example block",
  nodeTypes: ["code"],
  read(node, context) {
    if (context.open.length === 0) return null;
    const code = node as Code;
    const block = parseExampleBlock(code.value, code.lang ?? null, lineOf(code) + 1, context.file);
    if (!block) return null;
    return { ...emptyReading(), examples: block.examples, query: block.query, findings: block.findings };
  },
};
