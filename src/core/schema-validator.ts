import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { JsonObject } from "./json.js";

// ajv-formats is CommonJS: its default export is the module object under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** What is wrong with a value, one line per problem (`"status": must be one of queued, running; got "zzz"`); empty when it satisfies the schema. */
export type SchemaValidator = (value: unknown) => string[];

/**
 * Compiles JSON Schemas (2020-12, OpenAPI 3.1's dialect) with the standard
 * formats and OpenAPI's own (`int32`, `int64`, `float`, `double`, `byte`,
 * `binary`, `password`). Not strict: OpenAPI's annotations (`example`,
 * `discriminator`, `xml`) are not errors. Throws on a schema that is not one.
 */
export function createSchemaCompiler(): (schema: JsonObject) => SchemaValidator {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, verbose: true, validateFormats: true }));
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  for (const name of ["float", "double"]) ajv.addFormat(name, { type: "number", validate: () => true });
  ajv.addFormat("byte", /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  for (const name of ["binary", "password"]) ajv.addFormat(name, true);
  return (schema) => {
    const validate = ajv.compile(schema);
    return (value) => (validate(value) ? [] : (validate.errors ?? []).map(describeError));
  };
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "(body)" : error.instancePath.slice(1).split("/").map(unescape).join(".");
  const allowed = error.keyword === "enum" ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")})` : "";
  const got = error.keyword === "required" || error.keyword === "additionalProperties" ? "" : `, got ${brief(error.data)}`;
  return `"${where}" ${error.message ?? "is invalid"}${allowed}${got}`;
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
