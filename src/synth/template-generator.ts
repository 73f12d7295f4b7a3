import type { Contract, ContractEndpoint } from "../spec/to-contract.js";
import type { ServiceSpec } from "../spec/types.js";
import { loadTemplateSet, type TemplateSet } from "./template-manager.js";
import type { Generator } from "./types.js";

const TEMPLATE_GENERATOR_VERSION = "1";

const HANDLER_BY_ROLE: Record<ContractEndpoint["role"], string> = {
  create: "create",
  read: "read",
  list: "list",
  action: "action",
  stream: "respond",
  static: "respond",
  "udc-health": "health",
  "udc-capabilities": "capabilities",
  "udc-state": "state",
  "udc-dependencies": "dependencies",
  "udc-message": "message",
};

/**
 * The offline default: renders a TypeScript service from the templates in
 * `templates/<target>/`. Deterministic: the same SPEC and templates give
 * byte-identical files.
 */
export async function createTemplateGenerator(target = "typescript-node"): Promise<Generator> {
  const templates = await loadTemplateSet(target);
  return {
    id: "template",
    deterministic: true,
    version: `${TEMPLATE_GENERATOR_VERSION}+${templates.hash}`,
    async generate({ spec, contract }) {
      return renderService(templates, spec, contract);
    },
  };
}

export function renderService(templates: TemplateSet, spec: ServiceSpec, contract: Contract) {
  const http = contract.endpoints.filter((e) => e.method !== "WS");
  const view = {
    service: contract.service,
    version: contract.version,
    purpose: oneLine(spec.purpose) || `The ${contract.service} service.`,
    descriptionJson: JSON.stringify(oneLine(spec.purpose).slice(0, 200)),
    defaultPort: contract.port ?? 8000,
    contractJson: JSON.stringify(contract, null, 2),
    routes: contract.endpoints.map((e) => ({
      comment: `${e.key}${e.summary ? ` — ${oneLine(e.summary)}` : ""}${e.line ? ` (SPEC line ${e.line})` : ""}`,
      keyJson: JSON.stringify(e.key),
      handler: HANDLER_BY_ROLE[e.role],
    })),
    endpoints: contract.endpoints.map((e) => ({
      method: e.method,
      path: e.path,
      line: e.line || "—",
      summary: oneLine(e.summary).replace(/\|/g, "\\|"),
    })),
    tests: [
      ...http.map((e) => ({ nameJson: JSON.stringify(`${e.key} answers as documented`), check: "checkEndpoint", keyJson: JSON.stringify(e.key) })),
      ...http
        .filter((e) => e.requiredFields.length > 0)
        .map((e) => ({ nameJson: JSON.stringify(`${e.key} refuses a request without ${e.requiredFields[0]}`), check: "checkRejectsMissingField", keyJson: JSON.stringify(e.key) })),
      ...http
        .filter((e) => e.role === "read" && e.pathParams.length === 1)
        .map((e) => ({ nameJson: JSON.stringify(`${e.key} reads back a created ${e.resource}`), check: "checkReadBack", keyJson: JSON.stringify(e.key) })),
      ...contract.endpoints
        .filter((e) => e.method === "WS")
        .map((e) => ({ nameJson: JSON.stringify(`${e.key} streams documented events`), check: "checkStream", keyJson: JSON.stringify(e.key) })),
    ],
  };
  return templates.render(view);
}

/** SPEC text lands in comments and tables: keep it on one line, without comment terminators. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\*\//g, "* /").trim();
}
