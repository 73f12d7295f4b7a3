import type { ContractEndpoint } from "../spec/to-contract.js";

/**
 * The endpoint's path with each `{param}` (or catch-all `{param:path}`) replaced by its value,
 * URL-encoded unless `encode` says otherwise (generated requests also send segments as they are).
 */
export function fillPath(endpoint: Pick<ContractEndpoint, "path" | "pathParams">, valueOf: (param: string) => string, encode: (value: string) => string = encodeURIComponent): string {
  let path = endpoint.path;
  for (const param of endpoint.pathParams) path = path.replace(new RegExp(`\\{${param}(?::path)?\\}`), encode(valueOf(param)));
  return path;
}
