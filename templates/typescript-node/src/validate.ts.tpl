import { isJsonObject, jsonTypeOf, type ContractEndpoint, type JsonValue } from "./types.js";

export interface ValidationError {
  field: string;
  message: string;
}

/** Checks a request body against the endpoint's documented request example. */
export function validateRequest(endpoint: ContractEndpoint, body: unknown): ValidationError | null {
  const example = endpoint.request;
  if (example === undefined) return null;
  if (isJsonObject(example)) {
    if (!isJsonObject(body)) return { field: "body", message: "request body must be a JSON object" };
    for (const field of endpoint.requiredFields) {
      if (!(field in body)) return { field, message: `field '${field}' is required` };
    }
  }
  return checkType(example, body, "");
}

function checkType(example: JsonValue, value: unknown, path: string): ValidationError | null {
  if (example === null || value === undefined) return null;
  const expected = jsonTypeOf(example);
  const actual = jsonTypeOf(value);
  if (expected !== actual) {
    const field = path || "body";
    return { field, message: `field '${field}' must be ${expected === "object" ? "an object" : expected === "array" ? "an array" : `a ${expected}`}, got ${actual}` };
  }
  if (Array.isArray(example) && example.length > 0) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      const error = checkType(example[0] as JsonValue, items[i], `${path}[${i}]`);
      if (error) return error;
    }
  }
  if (isJsonObject(example)) {
    const object = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(example)) {
      const error = checkType(v, object[k], path ? `${path}.${k}` : k);
      if (error) return error;
    }
  }
  return null;
}
