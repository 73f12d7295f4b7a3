import type { List } from "mdast";
import { ErrorCode } from "../../core/error-codes.js";
import type { Finding } from "../../core/findings.js";
import { lineOf, textOf } from "../markdown.js";
import { readEndpointDeclaration, type EndpointDeclaration } from "../read-endpoint-declaration.js";
import { cleanListText } from "../read-sections.js";
import { emptyReading, type Notation } from "./types.js";

/**
 * A list whose every item is an endpoint: `- `GET /metrics` - Prometheus metrics`,
 * or a bare `- `/metrics`` under a heading about endpoints or routes (read as GET, with a warning).
 * Several items are an index, like a table: they name endpoints and open none. A
 * single item followed by its example block declares the endpoint the example is for.
 */
export const bulletList: Notation = {
  name: "bullet-list",
  describes: "a list item",
  nodeTypes: ["list"],
  read(node, context) {
    const items = (node as List).children.map((item) => ({ text: cleanListText(textOf(item)), line: lineOf(item) })).filter((i) => i.text);
    // One item alone, its example right below, is a declaration like a heading; several are an index.
    const opens = items.length === 1;
    // Under an open endpoint, a list of several is about that endpoint, not new ones.
    if (context.open.length > 0 && !opens) return null;
    const underEndpointsHeading = /endpoint|route/i.test(context.heading);
    const findings: Finding[] = [];
    const declarations = items.flatMap((item) => {
      const declared = readEndpointDeclaration(item.text);
      if (declared) return [{ declaration: declared, line: item.line, examples: [] }];
      const pathOnly = underEndpointsHeading ? readPathOnly(item.text) : null;
      if (!pathOnly) return [];
      findings.push({
        code: ErrorCode.DocIncomplete,
        severity: "warning",
        message: `${pathOnly.path} is listed without a method; read as GET`,
        file: context.file,
        line: item.line,
        subject: `GET ${pathOnly.path}`,
      });
      return [{ declaration: pathOnly, line: item.line, examples: [] }];
    });
    if (declarations.length === 0 || declarations.length !== items.length) return null;
    return { ...emptyReading(opens), declarations, findings };
  },
};

function readPathOnly(text: string): EndpointDeclaration | null {
  const m = /^\x60?(\/[^\s\x60]*)\x60?(?:\s*[-–—:]\s*(.*))?$/.exec(text.trim());
  return m ? readEndpointDeclaration(`GET ${m[1]}${m[2] ? ` - ${m[2]}` : ""}`) : null;
}
