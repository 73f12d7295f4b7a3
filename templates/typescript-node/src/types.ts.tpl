export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type EndpointRole =
  | "create" | "read" | "list" | "action" | "stream" | "static"
  | "udc-health" | "udc-capabilities" | "udc-state" | "udc-dependencies" | "udc-message";

export interface ContractEndpoint {
  key: string;
  method: string;
  path: string;
  pathParams: string[];
  summary: string;
  line: number;
  role: EndpointRole;
  resource?: string;
  idField?: string;
  collectionKey?: string;
  request?: JsonValue;
  requiredFields: string[];
  response: { kind: "json"; value: JsonValue } | { kind: "text"; contentType: string; text: string } | { kind: "none" };
  events: JsonValue[];
  query: Record<string, string>;
  /** JSON Schemas of the bodies, from the SPEC or inferred from its examples: what the verifier checks. */
  requestSchema?: { schema: JsonObject; source: "spec" | "inferred" };
  responseSchema?: { schema: JsonObject; source: "spec" | "inferred" };
  exampleSource: "spec" | "inferred";
  documentedErrors?: number[];
}

export interface Contract {
  service: string;
  version: string;
  port?: number;
  endpoints: ContractEndpoint[];
  dependencies: Array<{ name: string; required: boolean; url?: string }>;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
