import { sourceLines } from "../markdown.js";
import { readEndpointDeclaration } from "../read-endpoint-declaration.js";
import { emptyReading, type DeclaredEndpoint, type Notation } from "./types.js";

/**
 * A paragraph line that is a declaration and nothing else: `` `GET /notes/:id` ``
 * after a "Request" line, or `**GET /jobs** - List jobs`. Prose that merely
 * mentions an endpoint ("call GET /x to…") is not one: the whole line must be it.
 */
export const backtickLine: Notation = {
  name: "backtick-line",
  describes: "a `METHOD /path` line",
  nodeTypes: ["paragraph"],
  read(node, context) {
    const declarations: DeclaredEndpoint[] = [];
    for (const { text, line } of sourceLines(context.source, node)) {
      const declaration = readEndpointDeclaration(text);
      if (declaration) declarations.push({ declaration, line, examples: [] });
    }
    return declarations.length > 0 ? { ...emptyReading(), declarations } : null;
  },
};
