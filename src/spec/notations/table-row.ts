import type { Table } from "mdast";
import { lineOf, textOf, type MdNode } from "../markdown.js";
import { readEndpointDeclaration, type EndpointDeclaration } from "../read-endpoint-declaration.js";
import { emptyReading, type DeclaredEndpoint, type Notation } from "./types.js";

/**
 * Rows of a table that lists endpoints: `| GET | /widgets | List widgets |` or
 * `| `GET /widgets` | … |`. An index: the rows name endpoints, examples come elsewhere.
 */
export const tableRow: Notation = {
  name: "table-row",
  describes: "a table row",
  nodeTypes: ["table"],
  read(node) {
    const declarations: DeclaredEndpoint[] = [];
    for (const row of (node as Table).children.slice(1)) {
      const cells = row.children.map((c) => textOf(c as unknown as MdNode));
      let declaration: EndpointDeclaration | null = null;
      for (let i = 0; i < cells.length && !declaration; i++) {
        declaration = readEndpointDeclaration(cells[i] as string);
        if (!declaration && cells[i + 1]?.startsWith("/")) declaration = readEndpointDeclaration(`${cells[i]} ${cells[i + 1]}`);
      }
      if (!declaration) continue;
      const path = declaration.path;
      const summary = cells.filter((c) => !c.includes(path) && readEndpointDeclaration(`${c} /`) === null).join(" — ");
      declarations.push({ declaration: { ...declaration, summary: declaration.summary || summary }, line: lineOf(row), examples: [] });
    }
    return declarations.length > 0 ? { ...emptyReading(false), declarations } : null;
  },
};
