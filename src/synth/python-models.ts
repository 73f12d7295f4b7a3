import { isJsonObject, type JsonObject, type JsonValue } from "../core/json.js";
import type { Contract, ContractEndpoint } from "../spec/to-contract.js";
import type { DataModel, ServiceSpec } from "../spec/types.js";
import { acceptsNull, fitsFields, parsePyType, referencedModels, toPyAnnotation, withoutModels, type FieldShape, type PyType } from "./python-type.js";

/** What `app/models.py.tpl` renders: classes as declarations built here from a closed vocabulary. */
export interface PythonModelsView {
  models: Array<{ name: string; comment: string; fields: Array<{ declaration: string }> }>;
  requestModels: Array<{ keyJson: string; model: string }>;
}

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(" "),
);
/** Names models.py itself uses: a class or field by that name would shadow them. */
const MODULE_NAMES = new Set(["Any", "Dict", "List", "Optional", "Type", "Union", "BaseModel", "Field", "date", "datetime", "str", "int", "float", "bool", "dict", "list", "REQUEST_MODELS"]);
/** BaseModel's own attributes (Pydantic 1 and 2; `model_*` is refused as a prefix): a field by that name breaks the class. */
const BASEMODEL_ATTRIBUTES = new Set(["Config", "construct", "copy", "dict", "fields", "from_orm", "json", "parse_file", "parse_obj", "parse_raw", "schema", "schema_json", "update_forward_refs", "validate"]);

interface FieldPlan {
  attr: string;
  /** The JSON key when it cannot be the attribute's name. */
  alias?: string;
  type: PyType;
  required: boolean;
  /** A Python literal; only for fields that are not required. */
  defaultValue: string;
}

interface ModelPlan {
  specName: string;
  className: string;
  comment: string;
  fields: FieldPlan[];
  shapes: FieldShape[];
}

/**
 * Pydantic models for a Python service: every model the SPEC declares
 * (`class X(BaseModel)`), in an order where each class follows the ones it
 * uses, and for each endpoint with a JSON object request, the SPEC model that
 * accepts its documented example or else one read from that example. Names,
 * types and defaults are rebuilt from what they mean, so no SPEC text lands in
 * code except as JSON string literals and one-line comments.
 */
export function toPythonModels(spec: ServiceSpec, contract: Contract, specText: string): PythonModelsView {
  const classNames = new Set<string>();
  const specModels = orderByUse(uniqueByName(spec.models));
  const classOf = new Map(specModels.map((m) => [m.name, toClassName(m.name, classNames)]));
  const modelNames = new Set(classOf.keys());
  const lines = specText.split("\n");
  const reserved = new Set([...KEYWORDS, ...MODULE_NAMES, ...BASEMODEL_ATTRIBUTES, ...classOf.values()]);

  const plans: ModelPlan[] = specModels.map((model, index) => {
    const defined = new Set(specModels.slice(0, index).map((m) => m.name));
    const taken = new Set<string>();
    const fields = model.fields.map((field): FieldPlan => {
      // A class can only use the classes above it: a later or recursive one is `Any`.
      const declared = withoutModels(parsePyType(field.type, modelNames), (name) => defined.has(name));
      const initial = readDefault(lines[field.line - 1] ?? "");
      const required = !field.optional || initial === REQUIRED;
      const defaultValue = required ? "" : (initial ?? "None");
      const type: PyType = !required && defaultValue === "None" && !acceptsNull(declared) ? { kind: "optional", inner: declared } : declared;
      return { ...toFieldName(field.name, taken, reserved), type, required, defaultValue };
    });
    return {
      specName: model.name,
      className: classOf.get(model.name) as string,
      comment: `From the SPEC (line ${model.line}).`,
      fields,
      shapes: model.fields.map((f, i) => ({ name: f.name, type: (fields[i] as FieldPlan).type, required: (fields[i] as FieldPlan).required })),
    };
  });

  const shapesByName = new Map(plans.map((p) => [p.specName, p.shapes]));
  const requestModels: PythonModelsView["requestModels"] = [];
  for (const endpoint of contract.endpoints) {
    if (endpoint.method === "WS" || !isJsonObject(endpoint.request)) continue;
    const chosen = fittingSpecModel(plans, endpoint.request, shapesByName) ?? exampleModel(endpoint, endpoint.request, classNames, reserved);
    if (!plans.includes(chosen)) plans.push(chosen);
    requestModels.push({ keyJson: JSON.stringify(endpoint.key), model: chosen.className });
  }

  const className = (name: string) => classOf.get(name) ?? "Any";
  return {
    models: plans.map((p) => ({ name: p.className, comment: p.comment, fields: p.fields.map((f) => ({ declaration: toDeclaration(f, toPyAnnotation(f.type, className)) })) })),
    requestModels,
  };
}

/** The SPEC model that accepts the example and covers at least half of its keys, the one covering most. */
function fittingSpecModel(plans: ModelPlan[], example: JsonObject, shapes: ReadonlyMap<string, readonly FieldShape[]>): ModelPlan | undefined {
  const keys = Object.keys(example);
  let best: ModelPlan | undefined;
  let bestOverlap = Math.max(1, Math.ceil(keys.length / 2)) - 1;
  for (const plan of plans) {
    if (!shapes.has(plan.specName)) continue;
    const overlap = plan.shapes.filter((f) => keys.includes(f.name)).length;
    if (overlap > bestOverlap && fitsFields(plan.shapes, example, shapes)) {
      best = plan;
      bestOverlap = overlap;
    }
  }
  return best;
}

/** A model read from the request example: its keys with their JSON types, required as the contract says. */
function exampleModel(endpoint: ContractEndpoint, example: JsonObject, classNames: Set<string>, reserved: ReadonlySet<string>): ModelPlan {
  const words = endpoint.key.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const className = toClassName(`${words.map((w) => w[0]?.toUpperCase() + w.slice(1).toLowerCase()).join("")}Request`, classNames);
  const taken = new Set<string>();
  const fields = Object.entries(example).map(([key, value]): FieldPlan => {
    const required = endpoint.requiredFields.includes(key);
    const declared = typeOfExample(value);
    const type: PyType = required || acceptsNull(declared) ? declared : { kind: "optional", inner: declared };
    return { ...toFieldName(key, taken, reserved), type, required, defaultValue: required ? "" : "None" };
  });
  return {
    specName: "",
    className,
    comment: toPyComment(`The request of ${endpoint.key}, read from its example${endpoint.line ? ` (SPEC line ${endpoint.line})` : ""}.`),
    fields,
    shapes: [],
  };
}

function typeOfExample(value: JsonValue): PyType {
  if (value === null) return { kind: "any" };
  if (Array.isArray(value)) return { kind: "list", item: { kind: "any" } };
  if (isJsonObject(value)) return { kind: "dict", value: { kind: "any" } };
  // Any JSON number: Pydantic's `float` takes whole numbers too.
  return { kind: typeof value === "string" ? "str" : typeof value === "number" ? "float" : "bool" };
}

function toDeclaration(field: FieldPlan, annotation: string): string {
  const value = field.required ? "..." : field.defaultValue;
  if (field.alias !== undefined) return `${field.attr}: ${annotation} = Field(${value}, alias=${JSON.stringify(field.alias)})`;
  return field.required ? `${field.attr}: ${annotation}` : `${field.attr}: ${annotation} = ${value}`;
}

const REQUIRED = Symbol("required");

/**
 * The default of a model field's SPEC line, when it is a plain literal
 * (`"auto"`, `0`, `True`, `{}`); `Field(...)` means required. Anything else
 * (`datetime.now()`) is not copied: the field defaults to None.
 */
function readDefault(line: string): string | typeof REQUIRED | undefined {
  const m = /^\s*[A-Za-z_]\w*\s*:[^=]*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^#]*?)\s*(?:#.*)?$/.exec(line);
  const text = m?.[1]?.trim();
  if (text === undefined) return undefined;
  if (/^Field\(\s*\.\.\.\s*[,)]/.test(text)) return REQUIRED;
  if (/^(None|True|False)$/.test(text) || /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return text;
  const quoted = /^"([^"\\]*)"$|^'([^'\\]*)'$/.exec(text);
  if (quoted) return JSON.stringify(quoted[1] ?? quoted[2]);
  if (/^(\{\s*\}|dict\(\s*\))$/.test(text)) return "{}";
  if (/^(\[\s*\]|list\(\s*\))$/.test(text)) return "[]";
  return undefined;
}

function toClassName(raw: string, taken: Set<string>): string {
  let base = raw.replace(/\W+/g, "_");
  if (!/^[A-Za-z]/.test(base)) base = `Model_${base}`;
  if (KEYWORDS.has(base) || MODULE_NAMES.has(base)) base = `${base}Model`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** The attribute for a JSON key; a key that cannot be one (`json`, `class`, `content-type`) keeps its name as the alias. */
function toFieldName(key: string, taken: Set<string>, reserved: ReadonlySet<string>): { attr: string; alias?: string } {
  let attr = key.replace(/\W/g, "_");
  if (!/^[A-Za-z]/.test(attr) || attr.startsWith("model_")) attr = `f_${attr}`;
  while (reserved.has(attr) || taken.has(attr)) attr = `${attr}_`;
  taken.add(attr);
  return attr === key ? { attr } : { attr, alias: key };
}

function uniqueByName(models: DataModel[]): DataModel[] {
  return models.filter((m, i) => models.findIndex((o) => o.name === m.name) === i);
}

/** Models in SPEC order, except that a model comes after the models its fields use. */
function orderByUse(models: DataModel[]): DataModel[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const names = new Set(byName.keys());
  const seen = new Set<string>();
  const order: DataModel[] = [];
  const visit = (model: DataModel) => {
    if (seen.has(model.name)) return;
    seen.add(model.name);
    for (const field of model.fields) {
      for (const used of referencedModels(parsePyType(field.type, names))) {
        const target = byName.get(used);
        if (target) visit(target);
      }
    }
    order.push(model);
  };
  models.forEach(visit);
  return order;
}

/** Control characters and line separators: a line break would end a comment, a NUL is not allowed in Python source. */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\s]+/gu;

/** SPEC text as a Python comment: one line, printable. */
export function toPyComment(text: string): string {
  return text.replace(UNPRINTABLE, " ").trim();
}
