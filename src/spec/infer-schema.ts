import { isJsonObject, type JsonValue } from "../core/json.js";
import type { JsonSchema } from "./json-schema.js";

/**
 * A JSON Schema read from one example: its JSON types and, with
 * `requireKeys`, every key it shows (the shape rule a response is held to).
 * Never an enum, a format or `integer`: one example value does not say which
 * other values are allowed. A documented `null` accepts anything.
 */
export function inferSchema(example: JsonValue, requireKeys: boolean): JsonSchema {
  if (example === null) return {};
  if (Array.isArray(example)) {
    const first = example[0];
    return first === undefined ? { type: "array" } : { type: "array", items: inferSchema(first, requireKeys) };
  }
  if (isJsonObject(example)) {
    const properties: Record<string, JsonSchema> = {};
    for (const [key, value] of Object.entries(example)) properties[key] = inferSchema(value, requireKeys);
    return { type: "object", properties, ...(requireKeys && Object.keys(example).length > 0 ? { required: Object.keys(example) } : {}) };
  }
  return { type: typeof example };
}
