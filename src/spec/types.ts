import type { Finding } from "../core/findings.js";
import type { JsonValue } from "../core/json.js";
import type { JsonSchema } from "./json-schema.js";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/** WS is a WebSocket upgrade; ANY is a route that takes every HTTP method. */
export type EndpointMethod = HttpMethod | "WS" | "ANY";

/**
 * A documented example: JSON where the SPEC gives JSON, otherwise text (HTML, plain).
 * `generated`: not written in the SPEC but sampled from its schema (OpenAPI).
 */
export type Example =
  | { kind: "json"; value: JsonValue; line: number; generated?: boolean }
  | { kind: "text"; contentType: string; text: string; line: number; generated?: boolean };

export interface Endpoint {
  method: EndpointMethod;
  /** Path as written, with `{param}` placeholders: `/builds/{build_id}/status`. */
  path: string;
  pathParams: string[];
  /** Line of the heading (or table row, or `**Endpoint:**` line) that declares it. */
  line: number;
  summary: string;
  /** One of the five UDC endpoints every service must answer. */
  isUdc: boolean;
  request?: Example;
  response?: Example;
  /** Further response examples; for a WebSocket these are the events in order. */
  events: Example[];
  /** Query parameters hinted by `// Query params: ?a=1&b=2`. */
  query: Record<string, string>;
  /** The request body's schema, where the SPEC gives one (OpenAPI); converted to JSON Schema 2020-12. */
  requestSchema?: JsonSchema;
  /** The success response's schema, where the SPEC gives one. */
  responseSchema?: JsonSchema;
  /** The 4xx statuses the SPEC documents for the endpoint (OpenAPI `responses`). */
  documentedErrors?: number[];
}

export interface ModelField {
  name: string;
  type: string;
  optional: boolean;
  line: number;
}

export interface DataModel {
  name: string;
  fields: ModelField[];
  line: number;
}

export interface Dependency {
  name: string;
  required: boolean;
  port?: number;
  description: string;
  line: number;
}

export interface ListItem {
  text: string;
  line: number;
}

export interface ServiceSpec {
  /** Path the SPEC was read from (as given). */
  file: string;
  /** kebab-case service name, safe for folders, branches and package names. */
  name: string;
  title: string;
  version: string;
  port?: number;
  purpose: string;
  endpoints: Endpoint[];
  models: DataModel[];
  dependencies: Dependency[];
  successCriteria: ListItem[];
  performanceTargets: ListItem[];
}

export interface AnalyzeResult {
  spec: ServiceSpec;
  findings: Finding[];
}

export const UDC_ENDPOINTS: ReadonlyArray<{ method: HttpMethod; path: string }> = [
  { method: "GET", path: "/health" },
  { method: "GET", path: "/capabilities" },
  { method: "GET", path: "/state" },
  { method: "GET", path: "/dependencies" },
  { method: "POST", path: "/message" },
];

export function endpointKey(e: { method: string; path: string }): string {
  return `${e.method} ${e.path}`;
}
