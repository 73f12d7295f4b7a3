import { backtickLine } from "./backtick-line.js";
import { bulletList } from "./bullet-list.js";
import { endpointLabel } from "./endpoint-label.js";
import { exampleBlock } from "./example-block.js";
import { fieldList } from "./field-list.js";
import { heading } from "./heading.js";
import { httpBlock } from "./http-block.js";
import { rawHttpMessage } from "./raw-http-message.js";
import { tableRow } from "./table-row.js";
import type { Notation } from "./types.js";

/**
 * Every notation the analyzer reads, in the order they are asked: for each
 * node, the first that reads it wins. A new notation is a module and a line here.
 */
export const NOTATIONS: readonly Notation[] = [heading, endpointLabel, backtickLine, fieldList, tableRow, bulletList, httpBlock, rawHttpMessage, exampleBlock];

export type { DeclaredEndpoint, ExampleLabel, Notation, NotationContext, NotationReading } from "./types.js";
