import { toOpenApiText } from "../spec/to-openapi.js";
import { HANDLER_BY_ROLE, planTests, type TestCheck } from "./service-plan.js";
import { DEFAULT_TARGET, getTarget, type Target, type TargetName } from "./targets.js";
import { loadTemplateSet, type TemplateSet } from "./template-manager.js";
import type { GeneratedFile, GenerateInput, Generator } from "./types.js";

const TEMPLATE_GENERATOR_VERSION = "1";

const CHECKS: Record<TestCheck, string> = {
  endpoint: "checkEndpoint",
  "rejects-missing-field": "checkRejectsMissingField",
  "read-back": "checkReadBack",
  stream: "checkStream",
};

export interface TemplateGeneratorOptions {
  /** Where the template folders are (tests use a modified copy); the package's `templates/` by default. */
  templatesRoot?: string;
}

/**
 * The offline default: renders a service from the templates of `target`
 * (`templates/<target>/`). Deterministic: the same SPEC and templates give
 * byte-identical files. The version names the target, so a checkpoint of one
 * target never resumes another.
 */
export async function createTemplateGenerator(target: TargetName = DEFAULT_TARGET, options: TemplateGeneratorOptions = {}): Promise<Generator> {
  const definition = getTarget(target);
  const templates = await loadTemplateSet(definition.templates, options.templatesRoot);
  return {
    id: "template",
    target,
    deterministic: true,
    version: `${TEMPLATE_GENERATOR_VERSION}+${target}+${templates.hash}`,
    async generate(input) {
      return renderService(definition, templates, input);
    },
  };
}

/** The target's scaffold for a SPEC: its templates rendered with the common view and the target's own. */
export function renderService(target: Target, templates: TemplateSet, input: Pick<GenerateInput, "spec" | "contract" | "specText">): GeneratedFile[] {
  const { spec, contract } = input;
  const view = {
    service: contract.service,
    version: contract.version,
    purpose: oneLine(spec.purpose) || `The ${contract.service} service.`,
    descriptionJson: JSON.stringify(oneLine(spec.purpose).slice(0, 200)),
    defaultPort: contract.port ?? 8000,
    contractJson: JSON.stringify(contract, null, 2),
    // The contract for other tools (mock servers, Swagger UI, contract testers): data, never code.
    openapiJson: toOpenApiText(contract, spec),
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
    tests: planTests(contract).map((t) => ({ nameJson: JSON.stringify(t.name), check: CHECKS[t.check], keyJson: JSON.stringify(t.key) })),
  };
  return templates.render({ ...view, ...target.view?.(input) });
}

/** SPEC text lands in comments and tables: keep it on one line, without comment terminators. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\*\//g, "* /").trim();
}
