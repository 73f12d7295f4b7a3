import { isJsonObject, jsonTypeOf, type JsonValue } from "../core/json.js";

export interface ShapeMismatch {
  /** JSON path of the value: `phases.queued.status`, `builds[0].build_id`. */
  path: string;
  expected: string;
  actual: string;
}

/**
 * Compares a response with the documented example by shape: every documented
 * key present, each value of the documented JSON type, array elements shaped
 * like the first documented element. Extra keys are allowed; a documented
 * `null` accepts anything.
 */
export function compareShape(expected: JsonValue, actual: unknown, path = ""): ShapeMismatch[] {
  if (expected === null) return [];
  const want = jsonTypeOf(expected);
  const got = jsonTypeOf(actual);
  if (want !== got) return [{ path: path || "(body)", expected: want, actual: got }];
  if (Array.isArray(expected)) {
    const element = expected[0];
    if (element === undefined) return [];
    return (actual as unknown[]).flatMap((item, i) => compareShape(element, item, `${path}[${i}]`));
  }
  if (isJsonObject(expected)) {
    const object = actual as Record<string, unknown>;
    return Object.entries(expected).flatMap(([key, value]) => {
      const at = path ? `${path}.${key}` : key;
      return key in object ? compareShape(value, object[key], at) : [{ path: at, expected: `${jsonTypeOf(value)} key`, actual: "missing" }];
    });
  }
  return [];
}

export function describeMismatch(m: ShapeMismatch): string {
  return m.actual === "missing" ? `missing key "${m.path}" (${m.expected})` : `"${m.path}" should be ${m.expected}, got ${m.actual}`;
}
