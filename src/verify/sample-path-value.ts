import { isJsonObject, type JsonValue } from "../core/json.js";
import type { Contract } from "../spec/to-contract.js";

/** A value for a path parameter that no endpoint creates: one the SPEC's examples use, else "example". */
export function samplePathValue(contract: Contract, param: string): string {
  const search = (value: JsonValue | undefined): string | undefined => {
    if (Array.isArray(value)) return value.map(search).find((v) => v !== undefined);
    if (!isJsonObject(value)) return undefined;
    const own = value[param];
    if (typeof own === "string" && /^[\w.-]+$/.test(own)) return own;
    return Object.values(value).map(search).find((v) => v !== undefined);
  };
  for (const e of contract.endpoints) {
    const found = search(e.response.kind === "json" ? e.response.value : undefined) ?? search(e.request);
    if (found) return found;
  }
  return "example";
}
