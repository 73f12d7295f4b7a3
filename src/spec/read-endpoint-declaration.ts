import { HTTP_METHODS, type EndpointMethod } from "./types.js";

export interface EndpointDeclaration {
  method: EndpointMethod;
  path: string;
  query: Record<string, string>;
  summary: string;
}

const METHOD_WORDS: Record<string, EndpointMethod> = {
  ...Object.fromEntries(HTTP_METHODS.map((m) => [m, m])),
  WS: "WS",
  WSS: "WS",
  WEBSOCKET: "WS",
  ANY: "ANY",
};
const METHOD_ALTERNATION = Object.keys(METHOD_WORDS).join("|");

const DECLARATION = new RegExp(
  String.raw`^(?:\d+[.)]\s*)?` + // "1. GET /health"
    String.raw`[\x60*]*(` + METHOD_ALTERNATION + String.raw`)[\x60*]*\s+[\x60*]*(\/[^\s\x60*]*)[\x60*]*` +
    // A summary after a dash or colon, or in parentheses: "GET /x - Health", "POST /x (create)".
    String.raw`(?:\s*[-–—:]\s*(.*)|\s+\((.*)\)\s*)?$`,
  "i",
);

/**
 * Reads `GET /health`, `1. GET /health`, `` `POST /x` ``, `WS /x/stream` or
 * `ANY /api/{path}` from a heading or a table cell. Anything else is not a declaration.
 */
export function readEndpointDeclaration(text: string): EndpointDeclaration | null {
  const m = DECLARATION.exec(text.trim());
  if (!m) return null;
  const method = METHOD_WORDS[(m[1] as string).toUpperCase()];
  if (!method) return null;
  const [path, query] = splitQuery(m[2] as string);
  return { method, path: normalizeParams(path), query, summary: (m[3] ?? m[4] ?? "").trim() };
}

/** `**Endpoint:** \`GET /x\`` lines, a notation some SPECs use instead of headings. */
export function readEndpointLabel(line: string): EndpointDeclaration | null {
  const m = /^\s*[-*]?\s*\*\*(?:endpoint|route|url)\s*:?\*\*\s*:?\s*(.+)$/i.exec(line);
  return m ? readEndpointDeclaration((m[1] as string).replace(/\x60/g, "")) : null;
}

/** `/items/:id` (Express) and `/items/<id>` (Flask) are `/items/{id}`; `:job-id` is `{job_id}`. */
function normalizeParams(path: string): string {
  return path
    .split("/")
    .map((segment) =>
      segment
        .replace(/^:([A-Za-z_][\w-]*)$/, (_, name: string) => `{${name.replace(/-/g, "_")}}`)
        .replace(/^<(?:\w+:)?([A-Za-z_]\w*)>$/, "{$1}"),
    )
    .join("/");
}

function splitQuery(raw: string): [string, Record<string, string>] {
  const q = raw.indexOf("?");
  if (q < 0) return [raw, {}];
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(raw.slice(q + 1))) query[k] = v;
  return [raw.slice(0, q), query];
}

/** Path parameters of `/builds/{build_id}/status`, or an error describing a malformed one. */
export function readPathParams(path: string): { params: string[]; error?: string } {
  const params: string[] = [];
  for (const segment of path.split("/")) {
    const opens = (segment.match(/\{/g) ?? []).length;
    const closes = (segment.match(/\}/g) ?? []).length;
    if (opens !== closes) return { params, error: `path segment "${segment}" has an unbalanced { }` };
    if (opens === 0) continue;
    const m = /^\{([A-Za-z_][A-Za-z0-9_]*)(?::path)?\}$/.exec(segment);
    if (!m) return { params, error: `path segment "${segment}" must be a single {name} parameter` };
    if (params.includes(m[1] as string)) return { params, error: `path parameter {${m[1]}} appears twice` };
    params.push(m[1] as string);
  }
  if (!path.startsWith("/")) return { params, error: `path "${path}" must start with /` };
  return { params };
}

/** What a router sees of a path: `/jobs/{id}/` and `/jobs/{job_id}` are both `/jobs/{}`. */
export function routeShapeOf(path: string): string {
  return path.replace(/\{[^}/]*\}/g, "{}").replace(/(.)\/+$/, "$1");
}

/** Whether `pattern` (`/{docid}`) answers the concrete `path` (`/note:BKzzd8iGK`); a trailing slash does not matter. */
export function routeMatches(pattern: string, path: string): boolean {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("?")[0]?.split("/").filter(Boolean) ?? [];
  if (want.at(-1)?.endsWith(":path}")) return got.length >= want.length && want.slice(0, -1).every((w, i) => isParam(w) || w === got[i]);
  return want.length === got.length && want.every((w, i) => isParam(w) || w === got[i]);
}

function isParam(segment: string): boolean {
  return /^\{[^}]+\}$/.test(segment);
}
