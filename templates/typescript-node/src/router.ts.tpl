import type { HandlerRequest, HandlerResult } from "./handlers.js";
import type { ContractEndpoint } from "./types.js";

export interface Route {
  endpoint: ContractEndpoint;
  handle: (request: HandlerRequest) => HandlerResult | Promise<HandlerResult>;
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" };

/** Matches a request to a route; literal segments win over `{params}`. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const candidates = routes
    .map((route) => ({ route, params: matchPath(route.endpoint.path, pathname) }))
    .filter((c): c is { route: Route; params: Record<string, string> } => c.params !== null)
    .sort((a, b) => specificity(b.route.endpoint.path) - specificity(a.route.endpoint.path));
  // HEAD is answered like GET (Node sends the headers without the body).
  const wanted = method === "HEAD" ? "GET" : method;
  const found = candidates.find((c) => c.route.endpoint.method === wanted || c.route.endpoint.method === "ANY");
  if (found) return { kind: "found", route: found.route, params: found.params };
  if (candidates.length > 0) return { kind: "method-not-allowed", allowed: candidates.map((c) => c.route.endpoint.method) };
  return { kind: "not-found" };
}

export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const got = pathname.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    const param = /^\{([A-Za-z_][A-Za-z0-9_]*)(:path)?\}$/.exec(segment);
    if (param?.[2]) {
      if (i >= got.length) return null;
      const rest = got.slice(i).map(decode);
      if (rest.includes(null)) return null;
      params[param[1] as string] = rest.join("/");
      return params;
    }
    const value = got[i];
    if (value === undefined) return null;
    if (param) {
      const decoded = decode(value);
      if (decoded === null) return null;
      params[param[1] as string] = decoded;
    } else if (segment !== value) return null;
  }
  return want.length === got.length ? params : null;
}

/** A path segment without its %-escapes; null for a malformed one (`%C0%AF`), which names nothing here. */
function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function specificity(pattern: string): number {
  return pattern.split("/").filter((s) => s && !s.startsWith("{")).length * 10 + pattern.split("/").length;
}
