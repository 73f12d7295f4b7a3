import type { Code } from "mdast";
import { lineOf } from "../markdown.js";
import { readHttpMessages, readStartLine } from "./http-messages.js";
import type { Notation } from "./types.js";

/**
 * Raw HTTP in a plain fence, recognised by its first line: `GET /items HTTP/1.1`
 * with headers and a body, `HTTP/1.1 200 OK` with headers and a body, or a
 * fence holding nothing but `PUT /api/items/<id>/` lines.
 */
export const rawHttpMessage: Notation = {
  name: "raw-http-message",
  describes: "a raw HTTP message",
  nodeTypes: ["code"],
  read(node, context) {
    const code = node as Code;
    if (!/^(?:|text|txt|plain|plaintext|console)$/i.test(code.lang ?? "")) return null;
    const first = code.value.split("\n").find((l) => l.trim() !== "");
    if (first === undefined || !readStartLine(first)) return null;
    return readHttpMessages(code.value, lineOf(code) + 1, context);
  },
};
