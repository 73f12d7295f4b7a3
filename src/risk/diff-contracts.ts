import { isJsonObject, type JsonValue } from "../core/json.js";
import type { Contract, ContractEndpoint } from "../spec/to-contract.js";

/**
 * What a SPEC change does to the service's clients, from the contracts of the
 * old and the new SPEC. Breaking: an endpoint removed, a field removed or
 * retyped, a required request field added. Additive: an endpoint or an
 * optional field added. Anything else is text.
 */
export type ChangeKind =
  | "endpoint-removed"
  | "response-field-removed"
  | "response-field-retyped"
  | "request-field-removed"
  | "request-field-retyped"
  | "required-field-added"
  | "field-made-required"
  | "endpoint-added"
  | "response-field-added"
  | "optional-field-added";

export interface ContractChange {
  kind: ChangeKind;
  breaking: boolean;
  /** `POST /builds/submit` */
  endpoint: string;
  /** The JSON path of the field (`builds[].status`), for field changes. */
  field?: string;
  /** The SPEC line: in the new SPEC for what is there, in the old one for what was removed. */
  line: number;
  /** Which SPEC `line` is in. */
  side: "old" | "new";
  message: string;
}

const BREAKING: Record<ChangeKind, boolean> = {
  "endpoint-removed": true,
  "response-field-removed": true,
  "response-field-retyped": true,
  "request-field-removed": true,
  "request-field-retyped": true,
  "required-field-added": true,
  "field-made-required": true,
  "endpoint-added": false,
  "response-field-added": false,
  "optional-field-added": false,
};

/** Pure: every contract change from `before` to `after`, breaking ones first, then in SPEC order. */
export function diffContracts(before: Contract, after: Contract): ContractChange[] {
  const changes: ContractChange[] = [];
  const add = (kind: ChangeKind, endpoint: ContractEndpoint, side: "old" | "new", message: string, field?: string) =>
    changes.push({ kind, breaking: BREAKING[kind], endpoint: endpoint.key, ...(field !== undefined ? { field } : {}), line: endpoint.line, side, message });

  const oldByKey = new Map(before.endpoints.map((e) => [e.key, e]));
  const newByKey = new Map(after.endpoints.map((e) => [e.key, e]));
  for (const old of before.endpoints) {
    if (!newByKey.has(old.key)) add("endpoint-removed", old, "old", `${old.key} was removed`);
  }
  for (const next of after.endpoints) {
    const old = oldByKey.get(next.key);
    if (!old) {
      add("endpoint-added", next, "new", `${next.key} was added`);
      continue;
    }
    compareResponses(old, next, add);
    compareRequests(old, next, add);
  }
  return changes.sort((a, b) => Number(b.breaking) - Number(a.breaking) || (a.side === b.side ? a.line - b.line : a.side === "old" ? -1 : 1));
}

type Add = (kind: ChangeKind, endpoint: ContractEndpoint, side: "old" | "new", message: string, field?: string) => void;

function compareResponses(old: ContractEndpoint, next: ContractEndpoint, add: Add): void {
  // Without a documented example on either side there is no shape to compare.
  if (old.response.kind !== "json" || next.response.kind !== "json") return;
  const before = fieldTypes(old.response.value);
  const after = fieldTypes(next.response.value);
  for (const [field, type] of before) {
    const now = after.get(field);
    if (now === undefined) add("response-field-removed", old, "old", `${old.key}: response field \`${field}\` was removed`, field);
    else if (!sameType(type, now)) add("response-field-retyped", next, "new", `${next.key}: response field \`${field}\` changed from ${type} to ${now}`, field);
  }
  for (const field of after.keys()) if (!before.has(field)) add("response-field-added", next, "new", `${next.key}: response field \`${field}\` was added`, field);
}

function compareRequests(old: ContractEndpoint, next: ContractEndpoint, add: Add): void {
  const before = old.request !== undefined ? fieldTypes(old.request) : new Map<string, string>();
  const after = next.request !== undefined ? fieldTypes(next.request) : new Map<string, string>();
  const wasRequired = new Set(old.requiredFields);
  const isRequired = new Set(next.requiredFields);
  for (const [field, type] of before) {
    const now = after.get(field);
    // A client that still sends a removed field may be refused; one that sends the old type is.
    if (now === undefined) add("request-field-removed", old, "old", `${old.key}: request field \`${field}\` was removed`, field);
    else if (!sameType(type, now)) add("request-field-retyped", next, "new", `${next.key}: request field \`${field}\` changed from ${type} to ${now}`, field);
    else if (isRequired.has(field) && !wasRequired.has(field)) add("field-made-required", next, "new", `${next.key}: request field \`${field}\` became required`, field);
  }
  for (const field of after.keys()) {
    if (before.has(field)) continue;
    if (isRequired.has(field)) add("required-field-added", next, "new", `${next.key}: required request field \`${field}\` was added`, field);
    else add("optional-field-added", next, "new", `${next.key}: optional request field \`${field}\` was added`, field);
  }
}

/**
 * Every field of an example by its path (`builds[].status`) with its JSON
 * type. Only top-level keys of the request count as "fields" for
 * required-ness (that is what `requiredFields` lists); nested ones are
 * compared by type.
 */
function fieldTypes(value: JsonValue, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (isJsonObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.set(path, typeOf(child));
      fieldTypes(child, path, out);
    }
  } else if (Array.isArray(value) && value.length > 0) {
    fieldTypes(value[0] as JsonValue, `${prefix}[]`, out);
  }
  return out;
}

function typeOf(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** A documented `null` says nothing about the type (the verifier accepts anything there too). */
function sameType(a: string, b: string): boolean {
  return a === b || a === "null" || b === "null";
}
