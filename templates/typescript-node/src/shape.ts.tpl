import { randomUUID } from "node:crypto";
import { isJsonObject, jsonTypeOf, type JsonObject, type JsonValue } from "./types.js";

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The documented example with live values: current timestamps, fresh ids for
 * `"uuid"` placeholders, and path parameters filled in (`/builds/{build_id}`).
 */
export function live(example: JsonValue, params: Record<string, string> = {}, key = ""): JsonValue {
  if (Array.isArray(example)) return example.map((v) => live(v, params));
  if (isJsonObject(example)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(example)) out[k] = k in params && typeof v === "string" ? (params[k] as string) : live(v, params, k);
    return out;
  }
  if (typeof example !== "string") return example;
  if (ISO_TIME.test(example)) return new Date().toISOString();
  if (example === "uuid" && (key === "id" || key.endsWith("_id"))) return randomUUID();
  return example.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The example's keys, taking each value from `source` where it has the same JSON type. */
export function shapeLike(example: JsonValue, source: JsonValue | undefined): JsonValue {
  if (source === undefined) return example;
  if (isJsonObject(example)) {
    if (!isJsonObject(source)) return example;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(example)) out[k] = k in source ? shapeLike(v, source[k]) : v;
    return out;
  }
  if (example === null) return source;
  if (Array.isArray(example)) {
    if (!Array.isArray(source)) return example;
    const element = example[0];
    return element === undefined ? source : source.map((s) => shapeLike(element, s));
  }
  return jsonTypeOf(example) === jsonTypeOf(source) ? source : example;
}

/** What is wrong with `value` against the example's shape, as `field: message` lines. */
export function shapeErrors(example: JsonValue, value: unknown, path = ""): string[] {
  if (example === null) return [];
  const expected = jsonTypeOf(example);
  const actual = jsonTypeOf(value);
  if (expected !== actual) return [`${path || "body"}: expected ${expected}, got ${actual}`];
  if (Array.isArray(example)) {
    const element = example[0];
    if (element === undefined) return [];
    return (value as unknown[]).flatMap((v, i) => shapeErrors(element, v, `${path}[${i}]`));
  }
  if (isJsonObject(example)) {
    const object = value as Record<string, unknown>;
    return Object.entries(example).flatMap(([k, v]) => {
      const at = path ? `${path}.${k}` : k;
      return k in object ? shapeErrors(v, object[k], at) : [`${at}: missing`];
    });
  }
  return [];
}
