import { isJsonObject, type JsonValue } from "../core/json.js";
// The SPEC's Pydantic types are read once, by the reader the Python target also uses.
import { fitsPyType, parsePyType, type PyType } from "../synth/python-type.js";
import { inferSchema } from "./infer-schema.js";
import type { JsonSchema } from "./json-schema.js";
import type { DataModel } from "./types.js";

/** For each field name, the models (by position) that declare it and whether it is optional there; one pass over the models. */
export type ModelIndex = Map<string, Array<{ model: number; optional: boolean }>>;

export function indexModels(models: DataModel[]): ModelIndex {
  const index: ModelIndex = new Map();
  models.forEach((model, position) => {
    for (const field of model.fields) {
      const entry = { model: position, optional: field.optional };
      const list = index.get(field.name);
      if (!list) index.set(field.name, [entry]);
      else if (!list.some((e) => e.model === position)) list.push(entry);
    }
  });
  return index;
}

/** The model (by position) an object with these keys is an instance of: the first with the most fields in common, at least half of them; -1 for none. */
export function matchModel(keys: string[], index: ModelIndex): number {
  const overlap = new Map<number, number>();
  for (const key of keys) for (const { model } of index.get(key) ?? []) overlap.set(model, (overlap.get(model) ?? 0) + 1);
  let best = -1;
  let bestOverlap = 0;
  for (const [model, count] of overlap) {
    if (count > bestOverlap || (count === bestOverlap && model < best)) {
      best = model;
      bestOverlap = count;
    }
  }
  return best < 0 || bestOverlap < Math.max(1, Math.ceil(keys.length / 2)) ? -1 : best;
}

export interface ExampleSchema {
  schema: JsonSchema;
  /** Whether a SPEC model gave any of it (its types, formats or `Literal` values). */
  fromModel: boolean;
}

/**
 * The JSON Schema of an example, typed by the SPEC's models where an object
 * of it is an instance of one: a field's type, `datetime` format and
 * `Literal[...]` values are used when the example's own value satisfies them
 * (a SPEC whose example contradicts its model keeps the example's reading).
 * `fromModel` says whether a model said more than the example alone.
 * Keys are required as the caller says: every key shown (`requireKeys`, the
 * shape rule of a response) and, at the top, `required` (a request's fields).
 */
export function schemaOfExample(example: JsonValue, models: DataModel[], options: { requireKeys: boolean; required?: string[] }): ExampleSchema {
  const index = indexModels(models);
  const names = new Set(models.map((m) => m.name));
  let fromModel = false;

  const walk = (value: JsonValue, top: boolean): JsonSchema => {
    if (Array.isArray(value)) {
      const first = value[0];
      return first === undefined ? { type: "array" } : { type: "array", items: walk(first, false) };
    }
    if (!isJsonObject(value)) return inferSchema(value, options.requireKeys);
    const keys = Object.keys(value);
    const position = matchModel(keys, index);
    const model = position >= 0 ? models[position] : undefined;
    const properties: Record<string, JsonSchema> = {};
    for (const key of keys) {
      const field = model?.fields.find((f) => f.name === key);
      const own = value[key] as JsonValue;
      const typed = field ? scalarSchema(field.type, parsePyType(field.type, names), own) : null;
      // The model counts as the source only where it says more than the example does (`integer`, a format, values).
      if (typed && JSON.stringify(typed) !== JSON.stringify(inferSchema(own, options.requireKeys))) fromModel = true;
      properties[key] = typed ?? walk(own, false);
    }
    const required = top && options.required ? options.required : options.requireKeys ? keys : [];
    return { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  };

  const schema = walk(example, true);
  return { schema, fromModel };
}

const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const NO_MODELS = new Map();

/** A scalar field's schema from its declared type, or null when the type says nothing more than the example (or disagrees with it). */
function scalarSchema(text: string, type: PyType, value: JsonValue): JsonSchema | null {
  if (typeof value === "object" && value !== null) return null;
  const literal = readLiteral(text);
  if (literal) return literal.values.includes(value) || (literal.optional && value === null) ? { enum: literal.optional ? [...literal.values, null] : literal.values } : null;
  if (!fitsPyType(type, value, NO_MODELS)) return null;
  const inner = type.kind === "optional" ? type.inner : type;
  const base = baseSchema(inner, value);
  if (!base) return null;
  return type.kind === "optional" ? { ...base, type: [base["type"] as string, "null"] } : base;
}

function baseSchema(type: PyType, value: JsonValue): JsonSchema | null {
  switch (type.kind) {
    case "str":
      return { type: "string" };
    case "int":
      return { type: "integer" };
    case "float":
      return { type: "number" };
    case "bool":
      return { type: "boolean" };
    // Pydantic reads numbers as datetimes too; the format is only said of a string example that has it.
    case "datetime":
      return typeof value === "string" && RFC3339_DATE_TIME.test(value) ? { type: "string", format: "date-time" } : null;
    case "date":
      return { type: "string", format: "date" };
    default:
      return null;
  }
}

/** `Literal["a", "b"]` or `Optional[Literal[1, 2]]`: the values, when every one is a plain JSON string, number or boolean. */
function readLiteral(text: string): { values: JsonValue[]; optional: boolean } | null {
  const m = /^\s*(Optional\[)?\s*(?:typing\.)?Literal\[(.+)\]\s*(\])?\s*(\|\s*None)?\s*$/.exec(text);
  if (!m || Boolean(m[1]) !== Boolean(m[3])) return null;
  const values: JsonValue[] = [];
  for (const part of (m[2] as string).split(",")) {
    const item = part.trim();
    const quoted = /^(["'])([^"'\\]*)\1$/.exec(item);
    if (quoted) values.push(quoted[2] as string);
    else if (/^-?\d+(\.\d+)?$/.test(item)) values.push(Number(item));
    else if (item === "True" || item === "False") values.push(item === "True");
    else return null;
  }
  return { values, optional: Boolean(m[1]) || Boolean(m[4]) };
}
