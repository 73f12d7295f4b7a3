import { readEndpointLabel } from "../read-endpoint-declaration.js";
import { declareLines } from "./declare-lines.js";
import type { Notation } from "./types.js";

/** `**Endpoint:** `POST /widgets`` (or Route, URL) lines in a paragraph, under a heading that names the operation. */
export const endpointLabel: Notation = {
  name: "endpoint-label",
  describes: "an **Endpoint:** line",
  nodeTypes: ["paragraph"],
  read: (node, context) => declareLines(node, context.source, readEndpointLabel),
};
