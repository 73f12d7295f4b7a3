// One route per endpoint of the SPEC. To give an endpoint real behaviour,
// replace its handler with your own function of the same signature.
import { contract } from "./contract.js";
import * as handlers from "./handlers.js";
import type { Route } from "./router.js";

const endpoint = (key: string) => {
  const found = contract.endpoints.find((e) => e.key === key);
  if (!found) throw new Error(`contract has no endpoint ${key}`);
  return found;
};

export const routes: Route[] = [
{{#routes}}
  // {{{comment}}}
  { endpoint: endpoint({{{keyJson}}}), handle: handlers.{{handler}} },
{{/routes}}
];
