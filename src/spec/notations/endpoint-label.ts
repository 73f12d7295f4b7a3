import { sourceLines } from "../markdown.js";
import { readEndpointLabel } from "../read-endpoint-declaration.js";
import { emptyReading, type DeclaredEndpoint, type Notation } from "./types.js";

/** `**Endpoint:** `POST /widgets`` (or Route, URL) lines in a paragraph, under a heading that names the operation. */
export const endpointLabel: Notation = {
  name: "endpoint-label",
  describes: "an **Endpoint:** line",
  nodeTypes: ["paragraph"],
  read(node, context) {
    const declarations: DeclaredEndpoint[] = [];
    for (const { text, line } of sourceLines(context.source, node)) {
      const declaration = readEndpointLabel(text);
      if (declaration) declarations.push({ declaration, line, examples: [] });
    }
    return declarations.length > 0 ? { ...emptyReading(), declarations } : null;
  },
};
