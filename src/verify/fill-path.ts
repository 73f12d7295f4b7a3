import type { ContractEndpoint } from "../spec/to-contract.js";

/** The endpoint's path with each `{param}` (or catch-all `{param:path}`) replaced by its value, URL-encoded. */
export function fillPath(endpoint: Pick<ContractEndpoint, "path" | "pathParams">, valueOf: (param: string) => string): string {
  let path = endpoint.path;
  for (const param of endpoint.pathParams) path = path.replace(new RegExp(`\\{${param}(?::path)?\\}`), encodeURIComponent(valueOf(param)));
  return path;
}
