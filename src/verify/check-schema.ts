import type { JsonSchema, SourcedSchema } from "../spec/json-schema.js";
import { createSchemaCompiler, type SchemaValidator } from "../core/schema-validator.js";
import type { EndpointCheck } from "./types.js";

/** Compiles each schema once per verification: the same contract is checked many times over. */
export function createSchemaChecker(): (expected: SourcedSchema, body: unknown) => EndpointCheck {
  const compile = createSchemaCompiler();
  const compiled = new Map<JsonSchema, SchemaValidator | string>();
  const validatorOf = (schema: JsonSchema): SchemaValidator | string => {
    let found = compiled.get(schema);
    if (found === undefined) {
      try {
        found = compile(schema);
      } catch (error) {
        found = `the schema cannot be used: ${(error as Error).message}`;
      }
      compiled.set(schema, found);
    }
    return found;
  };
  return (expected, body) => {
    const validator = validatorOf(expected.schema);
    const from = expected.source === "spec" ? "the SPEC's JSON Schema" : "the JSON Schema inferred from the example";
    if (typeof validator === "string") return { kind: "schema", ok: false, detail: validator, source: expected.source };
    const problems = validator(body);
    if (problems.length === 0) return { kind: "schema", ok: true, detail: `response satisfies ${from}`, source: expected.source };
    const shown = problems.slice(0, 3).join("; ");
    return { kind: "schema", ok: false, detail: `response does not satisfy ${from}: ${shown}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ""}`, source: expected.source };
  };
}
