import type { Code } from "mdast";
import { lineOf } from "../markdown.js";
import { readHttpMessages } from "./http-messages.js";
import type { Notation } from "./types.js";

/** A ```http block: requests and answers as raw HTTP messages (see http-messages.ts). */
export const httpBlock: Notation = {
  name: "http-block",
  describes: "an ```http block",
  nodeTypes: ["code"],
  read(node, context) {
    const code = node as Code;
    if (!/^https?$/i.test(code.lang ?? "")) return null;
    return readHttpMessages(code.value, lineOf(code) + 1, context);
  },
};
