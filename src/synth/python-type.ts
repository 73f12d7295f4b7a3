import { isJsonObject, type JsonValue } from "../core/json.js";

/**
 * A field type of a SPEC's Pydantic model, read into a small closed set. The
 * generated code is written from this set only, never from the SPEC's text,
 * so a type the set does not know becomes `Any`.
 */
export type PyType =
  | { kind: "str" | "int" | "float" | "bool" | "any" | "none" | "datetime" | "date" }
  | { kind: "dict"; value: PyType }
  | { kind: "list"; item: PyType }
  | { kind: "optional"; inner: PyType }
  | { kind: "union"; options: PyType[] }
  | { kind: "model"; name: string };

const ANY: PyType = { kind: "any" };

type Scalar = "str" | "int" | "float" | "bool" | "any" | "none" | "datetime" | "date";

/** Type names a SPEC writes, by what they read as (`EmailStr` and `UUID` are strings on the wire). */
const SCALARS: Record<string, Scalar> = {
  str: "str",
  bytes: "str",
  EmailStr: "str",
  HttpUrl: "str",
  AnyUrl: "str",
  UUID: "str",
  int: "int",
  float: "float",
  Decimal: "float",
  bool: "bool",
  Any: "any",
  object: "any",
  None: "none",
  datetime: "datetime",
  date: "date",
};
const LISTS = new Set(["List", "list", "Set", "set", "FrozenSet", "frozenset", "Sequence", "Tuple", "tuple", "Iterable"]);
const DICTS = new Set(["Dict", "dict", "Mapping"]);

class UnknownTypeError extends Error {}

/** Reads `Optional[Dict[str, PhaseStatus]]`, `list[str] | None`…; `models` are the model names the type may refer to. */
export function parsePyType(text: string, models: ReadonlySet<string>): PyType {
  const tokens = text.match(/[A-Za-z_][\w.]*|\S/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];

  const union = (): PyType => {
    const parts = [primary()];
    while (peek() === "|") {
      next();
      parts.push(primary());
    }
    return combine(parts);
  };
  const primary = (): PyType => {
    const token = next() ?? "";
    if (!/^[A-Za-z_]/.test(token)) throw new UnknownTypeError(token);
    // `typing.List` and `t.Optional` are `List` and `Optional`.
    const name = token.split(".").pop() as string;
    const args: PyType[] = [];
    if (peek() === "[") {
      next();
      args.push(union());
      while (peek() === ",") {
        next();
        args.push(union());
      }
      if (next() !== "]") throw new UnknownTypeError(name);
    }
    if (name === "Optional") return combine([args[0] ?? ANY, { kind: "none" }]);
    if (name === "Union") return combine(args);
    if (LISTS.has(name)) return { kind: "list", item: name === "Tuple" || name === "tuple" ? ANY : (args[0] ?? ANY) };
    if (DICTS.has(name)) return { kind: "dict", value: args[1] ?? ANY };
    const scalar = SCALARS[name];
    if (scalar) return { kind: scalar };
    if (models.has(name)) return { kind: "model", name };
    throw new UnknownTypeError(name);
  };

  try {
    const type = union();
    return at === tokens.length ? type : ANY;
  } catch (error) {
    if (error instanceof UnknownTypeError) return ANY;
    throw error;
  }
}

function combine(parts: PyType[]): PyType {
  const others = parts.filter((p) => p.kind !== "none");
  if (others.some((p) => p.kind === "any")) return ANY;
  const inner: PyType = others.length === 1 ? (others[0] as PyType) : { kind: "union", options: others };
  if (others.length === parts.length) return inner;
  return others.length === 0 ? { kind: "none" } : { kind: "optional", inner };
}

/** The annotation in Python; `className` maps a SPEC model name to its class. */
export function toPyAnnotation(type: PyType, className: (name: string) => string): string {
  switch (type.kind) {
    case "any":
      return "Any";
    case "none":
      return "None";
    case "dict":
      return `Dict[str, ${toPyAnnotation(type.value, className)}]`;
    case "list":
      return `List[${toPyAnnotation(type.item, className)}]`;
    case "optional":
      return `Optional[${toPyAnnotation(type.inner, className)}]`;
    case "union":
      return `Union[${type.options.map((o) => toPyAnnotation(o, className)).join(", ")}]`;
    case "model":
      return className(type.name);
    default:
      return type.kind;
  }
}

/** Whether the type accepts null (a field typed so needs no value). */
export function acceptsNull(type: PyType): boolean {
  return type.kind === "any" || type.kind === "none" || type.kind === "optional";
}

/** Replaces references to models `isAvailable` refuses (defined later, or in a cycle) by `Any`. */
export function withoutModels(type: PyType, isAvailable: (name: string) => boolean): PyType {
  switch (type.kind) {
    case "model":
      return isAvailable(type.name) ? type : ANY;
    case "dict":
      return { kind: "dict", value: withoutModels(type.value, isAvailable) };
    case "list":
      return { kind: "list", item: withoutModels(type.item, isAvailable) };
    case "optional":
      return combine([withoutModels(type.inner, isAvailable), { kind: "none" }]);
    case "union":
      return combine(type.options.map((o) => withoutModels(o, isAvailable)));
    default:
      return type;
  }
}

export function referencedModels(type: PyType): string[] {
  switch (type.kind) {
    case "model":
      return [type.name];
    case "dict":
      return referencedModels(type.value);
    case "list":
      return referencedModels(type.item);
    case "optional":
      return referencedModels(type.inner);
    case "union":
      return type.options.flatMap(referencedModels);
    default:
      return [];
  }
}

export interface FieldShape {
  name: string;
  type: PyType;
  required: boolean;
}

/** A pydantic datetime from JSON: an ISO date and time, or a Unix timestamp. */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether Pydantic would accept the JSON value for the type, strictly by JSON
 * type (a string for `str`, a whole number for `int`), so a model is only used
 * for a request whose documented example it accepts.
 */
export function fitsPyType(type: PyType, value: JsonValue, models: ReadonlyMap<string, readonly FieldShape[]>): boolean {
  switch (type.kind) {
    case "any":
      return true;
    case "none":
      return value === null;
    case "str":
      return typeof value === "string";
    case "int":
      return typeof value === "number" && Number.isInteger(value);
    case "float":
      return typeof value === "number";
    case "bool":
      return typeof value === "boolean";
    case "datetime":
      return typeof value === "number" || (typeof value === "string" && ISO_DATETIME.test(value));
    case "date":
      return typeof value === "string" && ISO_DATE.test(value);
    case "dict":
      return isJsonObject(value) && Object.values(value).every((v) => fitsPyType(type.value, v, models));
    case "list":
      return Array.isArray(value) && value.every((v) => fitsPyType(type.item, v, models));
    case "optional":
      return value === null || fitsPyType(type.inner, value, models);
    case "union":
      return type.options.some((o) => fitsPyType(o, value, models));
    case "model": {
      const fields = models.get(type.name);
      return fields !== undefined && isJsonObject(value) && fitsFields(fields, value, models);
    }
  }
}

/** Every required field present, every present field of its type (as declared); other keys are ignored, as Pydantic does. */
export function fitsFields(fields: readonly FieldShape[], value: { [key: string]: JsonValue }, models: ReadonlyMap<string, readonly FieldShape[]>): boolean {
  return fields.every((f) => (f.name in value ? fitsPyType(f.type, value[f.name] as JsonValue, models) : !f.required));
}
