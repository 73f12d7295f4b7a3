import { readEndpointDeclaration } from "../read-endpoint-declaration.js";
import { declareLines } from "./declare-lines.js";
import type { Notation } from "./types.js";

/**
 * A paragraph line that is a declaration and nothing else: `` `GET /notes/:id` ``
 * after a "Request" line, or `**GET /jobs** - List jobs`. Prose that merely
 * mentions an endpoint ("call GET /x to…") is not one: the whole line must be it.
 */
export const backtickLine: Notation = {
  name: "backtick-line",
  describes: "a `METHOD /path` line",
  nodeTypes: ["paragraph"],
  read: (node, context) => declareLines(node, context.source, readEndpointDeclaration),
};
