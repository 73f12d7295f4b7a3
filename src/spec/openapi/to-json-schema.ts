import { isJsonObject, type JsonObject, type JsonValue } from "../../core/json.js";
import type { JsonSchema } from "../json-schema.js";

export interface SchemaContext {
  /** OpenAPI 3.0 schemas are a JSON Schema dialect of their own (`nullable`, boolean `exclusiveMinimum`); 3.1's are JSON Schema 2020-12. */
  openapi30: boolean;
  /** The document, references already resolved by the parser except circular ones. */
  document: JsonObject;
  /** A `$ref` that leaves the document: never fetched, read as "anything". */
  onExternalRef(ref: string): void;
}

const COMPONENT_PREFIX = "#/components/schemas/";
/** Keywords whose value is one schema, and those whose value is a list or a map of schemas. */
const ONE_SCHEMA = ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_MAPS = ["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"];
/** OpenAPI 3.0 annotations with no JSON Schema meaning. */
const DROPPED_30 = new Set(["nullable", "example", "xml", "externalDocs", "discriminator"]);

/**
 * An OpenAPI schema as a self-contained JSON Schema 2020-12: 3.0's `nullable`
 * becomes a `null` type, its boolean `exclusiveMinimum`/`exclusiveMaximum`
 * the numeric form, and a reference to a component the parser left in place
 * (a circular one) points into `$defs`, which carries the components it needs.
 */
export function toJsonSchema(schema: unknown, ctx: SchemaContext): JsonSchema {
  const needed = new Set<string>();
  const root = convert(schema, ctx, needed, 0);
  const defs: JsonObject = {};
  const done = new Set<string>();
  for (let pending = [...needed]; pending.length > 0; pending = [...needed].filter((n) => !done.has(n))) {
    for (const name of pending) {
      done.add(name);
      defs[name] = convert(componentSchema(ctx.document, name), ctx, needed, 0);
    }
  }
  return Object.keys(defs).length > 0 ? { ...root, $defs: { ...(isJsonObject(root["$defs"]) ? root["$defs"] : {}), ...defs } } : root;
}

function convert(schema: unknown, ctx: SchemaContext, needed: Set<string>, depth: number): JsonSchema {
  if (schema === false) return { not: {} };
  if (!isJsonObject(schema) || depth > 64) return {};
  const ref = schema["$ref"];
  if (typeof ref === "string") {
    if (ref.startsWith(COMPONENT_PREFIX) && !ref.slice(COMPONENT_PREFIX.length).includes("/")) {
      const name = decodePointer(ref.slice(COMPONENT_PREFIX.length));
      needed.add(name);
      return { $ref: `#/$defs/${encodePointer(name)}` };
    }
    if (ref.startsWith("#/")) return convert(resolvePointer(ctx.document, ref), ctx, needed, depth + 1);
    ctx.onExternalRef(ref);
    return {};
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ctx.openapi30 && DROPPED_30.has(key)) continue;
    if (ONE_SCHEMA.includes(key) && (isJsonObject(value) || typeof value === "boolean")) out[key] = convert(value, ctx, needed, depth + 1);
    else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) out[key] = value.map((v) => convert(v, ctx, needed, depth + 1));
    else if (SCHEMA_MAPS.includes(key) && isJsonObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, ctx, needed, depth + 1)]));
    else out[key] = value;
  }
  if (ctx.openapi30) adapt30(schema, out);
  return out;
}

/** OpenAPI 3.0's differences from JSON Schema, rewritten in place on the converted copy. */
function adapt30(source: JsonObject, out: JsonObject): void {
  if (source["nullable"] === true) {
    if (typeof out["type"] === "string") out["type"] = [out["type"], "null"];
    if (Array.isArray(out["enum"]) && !out["enum"].includes(null)) out["enum"] = [...out["enum"], null];
  }
  for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (typeof source[flag] !== "boolean") continue;
    delete out[flag];
    if (source[flag] === true && typeof source[bound] === "number") {
      out[flag] = source[bound] as number;
      delete out[bound];
    }
  }
}

function componentSchema(document: JsonObject, name: string): JsonValue | undefined {
  const components = document["components"];
  const schemas = isJsonObject(components) ? components["schemas"] : undefined;
  return isJsonObject(schemas) ? schemas[name] : undefined;
}

/** The value at a local JSON pointer (`#/components/parameters/Limit`); undefined when there is none. */
export function resolvePointer(document: JsonValue, ref: string): JsonValue | undefined {
  let node: JsonValue | undefined = document;
  for (const raw of ref.slice(2).split("/")) {
    const segment = decodePointer(raw);
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isJsonObject(node)) node = Object.hasOwn(node, segment) ? node[segment] : undefined;
    else return undefined;
  }
  return node;
}

function decodePointer(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not percent-encoded after all: taken as written.
  }
  return decoded.replace(/~1/g, "/").replace(/~0/g, "~");
}

function encodePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
