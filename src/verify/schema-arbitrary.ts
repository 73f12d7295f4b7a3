import fc from "fast-check";
import { isJsonObject, type JsonObject, type JsonValue } from "../core/json.js";
import type { JsonSchema } from "../spec/json-schema.js";

/** Nesting past this depth (recursive schemas) ends in null. */
const MAX_DEPTH = 4;
const MAX_ITEMS = 4;
const ANYTHING = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>;

/**
 * Values shaped by a JSON Schema, for generated requests: types, required and
 * optional keys, enums, bounds and the common formats. Mostly valid, not
 * always (`multipleOf`, `uniqueItems` and such are not honoured): the check
 * they feed asks only that nothing answers 5xx or hangs.
 */
export function schemaArbitrary(schema: JsonSchema, root: JsonSchema = schema, depth = 0): fc.Arbitrary<JsonValue> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  const ref = schema["$ref"];
  if (typeof ref === "string") {
    const target = ref.startsWith("#/$defs/") ? definition(root, ref.slice("#/$defs/".length)) : undefined;
    return target ? schemaArbitrary(target, root, depth + 1) : ANYTHING;
  }
  if (Array.isArray(schema["enum"]) && schema["enum"].length > 0) return fc.constantFrom(...(schema["enum"] as JsonValue[]));
  if (schema["const"] !== undefined) return fc.constant(schema["const"] as JsonValue);
  for (const key of ["oneOf", "anyOf"]) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) return fc.oneof(...branches.filter(isJsonObject).map((b) => schemaArbitrary(b, root, depth + 1)));
  }
  const allOf = schema["allOf"];
  if (Array.isArray(allOf) && allOf.length > 0) return schemaArbitrary(mergeAll(allOf.filter(isJsonObject), schema), root, depth + 1);
  const type = schema["type"];
  if (Array.isArray(type)) return fc.oneof(...type.filter((t): t is string => typeof t === "string").map((t) => schemaArbitrary({ ...schema, type: t }, root, depth)));
  switch (type) {
    case "string":
      return stringArbitrary(schema);
    case "integer":
      return fc.integer(range(schema, 1, 1_000_000));
    case "number":
      return fc.double({ ...range(schema, 0, 1e6), noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const items = isJsonObject(schema["items"]) ? schemaArbitrary(schema["items"], root, depth + 1) : ANYTHING;
      const minLength = numberOr(schema["minItems"], 0);
      return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(numberOr(schema["maxItems"], MAX_ITEMS), MAX_ITEMS)) });
    }
    case "object":
      return objectArbitrary(schema, root, depth);
    default:
      return isJsonObject(schema["properties"]) ? objectArbitrary(schema, root, depth) : ANYTHING;
  }
}

function objectArbitrary(schema: JsonSchema, root: JsonSchema, depth: number): fc.Arbitrary<JsonValue> {
  const properties = isJsonObject(schema["properties"]) ? schema["properties"] : {};
  const model: Record<string, fc.Arbitrary<JsonValue>> = {};
  for (const [key, value] of Object.entries(properties)) model[key] = isJsonObject(value) ? schemaArbitrary(value, root, depth + 1) : ANYTHING;
  const required = Array.isArray(schema["required"]) ? schema["required"].filter((k): k is string => typeof k === "string" && k in model) : [];
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<JsonValue>;
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<JsonValue> {
  switch (schema["format"]) {
    case "date-time":
      return fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString());
    case "date":
      return fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case "uuid":
      return fc.uuid();
    case "email":
      return fc.emailAddress();
    case "uri":
    case "url":
      return fc.webUrl();
  }
  const minLength = numberOr(schema["minLength"], 0);
  const maxLength = Math.max(minLength, Math.min(numberOr(schema["maxLength"], 24), 64));
  if (typeof schema["pattern"] === "string") {
    try {
      return fc.stringMatching(new RegExp(schema["pattern"], "u")).filter((s) => s.length <= 256);
    } catch {
      // A pattern fast-check cannot generate from: plain strings instead.
    }
  }
  return fc.string({ minLength, maxLength, unit: "grapheme" });
}

/** A numeric schema's bounds, exclusive ones moved inwards by `step`, missing ones `spread` away from the other. */
function range(schema: JsonSchema, step: number, spread: number): { min: number; max: number } {
  const bound = (inclusive: string, exclusive: string, inwards: number): number | undefined =>
    typeof schema[exclusive] === "number" ? (schema[exclusive] as number) + inwards : typeof schema[inclusive] === "number" ? (schema[inclusive] as number) : undefined;
  const low = bound("minimum", "exclusiveMinimum", step);
  const high = bound("maximum", "exclusiveMaximum", -step);
  const min = low ?? (high !== undefined ? high - spread : -spread);
  const max = high ?? min + 2 * spread;
  return max >= min ? { min, max } : { min, max: min };
}

function numberOr(value: JsonValue | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

function definition(root: JsonSchema, name: string): JsonSchema | undefined {
  const defs = root["$defs"];
  const found = isJsonObject(defs) ? defs[name.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  return isJsonObject(found) ? found : undefined;
}

/** `allOf` read as one schema: its parts' properties and required keys together. */
function mergeAll(parts: JsonObject[], outer: JsonSchema): JsonSchema {
  const rest = { ...outer };
  delete rest["allOf"];
  const merged: JsonObject = { ...rest, type: "object", properties: {}, required: [] };
  for (const part of [rest, ...parts]) {
    if (isJsonObject(part["properties"])) Object.assign(merged["properties"] as JsonObject, part["properties"]);
    if (Array.isArray(part["required"])) (merged["required"] as JsonValue[]).push(...part["required"]);
  }
  return merged;
}
