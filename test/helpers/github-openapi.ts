import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

/** One request as the app or the action sent it. */
export interface RecordedRequest {
  method: string;
  /** Path with query string, as sent: `/repos/o/r/pulls?head=o%3Ab&state=open`. */
  path: string;
  body: unknown;
}

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: object }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: object }> };
}

interface Description {
  paths: Record<string, Record<string, Operation>>;
}

let description: Description | null = null;
let routes: Array<{ template: string; pattern: RegExp; params: number }> = [];
const validators = new Map<string, ValidateFunction>();
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

function load(): Description {
  if (description) return description;
  // GitHub's own REST description, with every $ref resolved.
  const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.deref.json");
  description = JSON.parse(readFileSync(file, "utf8")) as Description;
  routes = Object.keys(description.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    params: (template.match(/\{/g) ?? []).length,
  }));
  return description;
}

/**
 * What the real GitHub API would reject in this request: an unknown path or
 * method, a body that breaks the operation's schema (missing required field,
 * illegal enum value, over a documented limit), or a bad query parameter.
 * Empty when the request is valid.
 */
export function validateGitHubRequest(request: RecordedRequest): string[] {
  const doc = load();
  const url = new URL(request.path, "https://api.github.com");
  const candidates = routes.filter((r) => r.pattern.test(url.pathname)).sort((a, b) => a.params - b.params);
  if (candidates.length === 0) return [`${request.method} ${url.pathname}: no such path in GitHub's REST API`];
  const method = request.method.toLowerCase();
  const route = candidates.find((r) => doc.paths[r.template]?.[method]);
  if (!route) return [`${request.method} ${url.pathname}: the API has no ${request.method} for ${candidates[0]?.template}`];
  const operation = doc.paths[route.template]?.[method] as Operation;
  const where = `${request.method} ${route.template}`;
  const problems: string[] = [];

  for (const [name, value] of url.searchParams) {
    const parameter = operation.parameters?.find((p) => p.in === "query" && p.name === name);
    if (!parameter) {
      problems.push(`${where}: unknown query parameter "${name}"`);
      continue;
    }
    const schema = parameter.schema as { type?: string } | undefined;
    const typed = schema?.type === "integer" || schema?.type === "number" ? Number(value) : schema?.type === "boolean" ? value === "true" : value;
    const validate = compile(`${where} ?${name}`, parameter.schema ?? {});
    if (!validate(typed)) problems.push(`${where}: query ${name}=${value}: ${ajv.errorsText(validate.errors)}`);
  }

  const schema = operation.requestBody?.content?.["application/json"]?.schema;
  if (request.body !== undefined && request.body !== "" && schema) {
    const validate = compile(where, schema);
    if (!validate(request.body)) problems.push(`${where}: ${ajv.errorsText(validate.errors, { dataVar: "body" })}`);
  } else if (operation.requestBody?.required && (request.body === undefined || request.body === "")) {
    problems.push(`${where}: a request body is required`);
  }
  return problems;
}

function compile(key: string, schema: object): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}
