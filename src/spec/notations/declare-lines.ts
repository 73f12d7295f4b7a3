import { sourceLines, type MdNode } from "../markdown.js";
import type { EndpointDeclaration } from "../read-endpoint-declaration.js";
import { emptyReading, type DeclaredEndpoint, type NotationReading } from "./types.js";

/** A reading of the paragraph's lines that `read` takes for declarations, or null when none is. */
export function declareLines(node: MdNode, source: string, read: (line: string) => EndpointDeclaration | null): NotationReading | null {
  const declarations: DeclaredEndpoint[] = [];
  for (const { text, line } of sourceLines(source, node)) {
    const declaration = read(text);
    if (declaration) declarations.push({ declaration, line, examples: [] });
  }
  return declarations.length > 0 ? { ...emptyReading(), declarations } : null;
}
