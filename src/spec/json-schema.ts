import type { JsonObject } from "../core/json.js";

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1), kept as plain JSON so it travels in the contract. */
export type JsonSchema = JsonObject;

/** Where an expectation comes from: written in the SPEC, or inferred by specforge from what the SPEC shows. */
export type ExpectationSource = "spec" | "inferred";

export interface SourcedSchema {
  schema: JsonSchema;
  source: ExpectationSource;
}
