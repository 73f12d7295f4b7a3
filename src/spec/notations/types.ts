import type { Finding } from "../../core/findings.js";
import type { MdNode } from "../markdown.js";
import type { ExampleRole, LabelledExample } from "../parse-example-block.js";
import type { EndpointDeclaration } from "../read-endpoint-declaration.js";
import type { Endpoint } from "../types.js";

/**
 * What the blocks that follow are examples of: a request, a response, or
 * nothing at all (`##### 404 Not Found`: an error example is not the documented answer).
 */
export type ExampleLabel = ExampleRole | "ignored";

/** What a notation may know about where a node stands; the orchestrator (parse-spec.ts) keeps it. */
export interface NotationContext {
  /** The whole SPEC, for the raw text of a node (markup that the markdown tree drops). */
  readonly source: string;
  readonly file: string;
  /** The endpoints the examples that follow belong to; empty when none is open. */
  readonly open: readonly Endpoint[];
  /** Text of the nearest heading above the node. */
  readonly heading: string;
  /** What the open endpoints' next example block is, as the headings and labels so far say. */
  readonly label: ExampleLabel | null;
}

export interface DeclaredEndpoint {
  declaration: EndpointDeclaration;
  /** 1-based SPEC line of the declaration. */
  line: number;
  /** Examples the declaring node carries itself (a raw HTTP request's body and its answer). */
  examples: LabelledExample[];
}

export interface NotationReading {
  declarations: DeclaredEndpoint[];
  /**
   * Whether what follows, up to the heading that closes the section, belongs to the declared
   * endpoints. False for index entries (a table row, a bullet list), which only name endpoints.
   */
  opens: boolean;
  /** Examples for the endpoints open after this node (the declared ones when `opens`). */
  examples: LabelledExample[];
  /** Query parameters hinted for those endpoints. */
  query: Record<string, string>;
  /** The role the next example block takes: a field list that ends with `**Body**:`. */
  label?: ExampleLabel;
  findings: Finding[];
}

/**
 * One way of writing endpoints in a SPEC. A notation reads one top-level node of
 * the markdown tree and says what it declares; it returns null when the node is
 * not written in it, and the next notation in the registry gets its turn.
 */
export interface Notation {
  readonly name: string;
  /** How findings and docs name a declaration in it: "a heading", "a table row". */
  readonly describes: string;
  /** The markdown node types it reads. */
  readonly nodeTypes: ReadonlyArray<MdNode["type"]>;
  read(node: MdNode, context: NotationContext): NotationReading | null;
}

/** A reading with nothing in it yet; notations fill in what they found. */
export function emptyReading(opens = true): NotationReading {
  return { declarations: [], opens, examples: [], query: {}, findings: [] };
}
