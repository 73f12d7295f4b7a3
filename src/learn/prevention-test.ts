import type { JsonValue } from "../core/json.js";
import type { Contract } from "../spec/to-contract.js";
import { samplePathValue } from "../verify/sample-path-value.js";
import type { ProcessRunner } from "../verify/process-runner.js";

/** What a prevention test does: create what the endpoint addresses if it must, call it, check the answer's shape. */
export interface PreventionPlan {
  endpoint: string;
  setup: { method: string; path: string; body: JsonValue | null; param: string; idField: string } | null;
  request: { method: string; path: string; body: JsonValue | null };
  /** Values for path parameters nothing creates. */
  params: Record<string, string>;
  /** The documented response; null: only a 2xx is expected. */
  expect: JsonValue | null;
}

/**
 * The plan for a standalone test of one endpoint, from the contract: the
 * request the verifier makes, with the resource it addresses created first.
 * Null for what a plain HTTP test cannot reach (a WebSocket).
 */
export function preventionPlan(contract: Contract, endpointKey: string): PreventionPlan | null {
  const endpoint = contract.endpoints.find((e) => e.key === endpointKey);
  if (!endpoint || endpoint.method === "WS") return null;
  const creator = endpoint.role !== "create" && endpoint.resource ? contract.endpoints.find((e) => e.role === "create" && e.resource === endpoint.resource) : undefined;
  const method = endpoint.method === "ANY" ? "GET" : endpoint.method;
  return {
    endpoint: endpoint.key,
    setup: creator ? { method: creator.method, path: creator.path, body: creator.request ?? null, param: endpoint.resource as string, idField: creator.idField ?? (endpoint.resource as string) } : null,
    request: { method, path: endpoint.path, body: method === "GET" || method === "HEAD" ? null : (endpoint.request ?? null) },
    params: Object.fromEntries(endpoint.pathParams.map((p) => [p, samplePathValue(contract, p)])),
    expect: endpoint.response.kind === "json" ? endpoint.response.value : null,
  };
}

/**
 * The test file (`node --test`, the service's base URL in `SERVICE_URL`).
 * Self-contained: no dependency, the checks written out, the plan as JSON.
 */
export function renderPreventionTest(plan: PreventionPlan, pattern: { id: string; class: string; sample: string; service: string }): string {
  const seen = pattern.sample.split("\n")[0]?.replace(/\*\//g, "* /").slice(0, 200) ?? "";
  return `// Prevention test for pattern ${pattern.id} (${pattern.class}) of ${pattern.service}: ${plan.endpoint.replace(/\*\//g, "* /")}.
// The failure it guards against: ${seen}
// It failed against the build that had this failure and passed against the one that recovered.
// Run it against a running service: SERVICE_URL=http://127.0.0.1:8000 node --test <this file>
import assert from "node:assert/strict";
import { test } from "node:test";

const plan = ${JSON.stringify(plan, null, 2)};

test(${JSON.stringify(`${plan.endpoint} answers as its SPEC documents (pattern ${pattern.id})`)}, async () => {
  const base = process.env.SERVICE_URL;
  assert.ok(base, "set SERVICE_URL to the service's base URL");
  const call = (method, path, body) =>
    fetch(new URL(path, base), {
      method,
      signal: AbortSignal.timeout(5000),
      ...(body === null ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
  const params = { ...plan.params };
  if (plan.setup) {
    const created = await call(plan.setup.method, plan.setup.path, plan.setup.body);
    assert.ok(created.ok, \`creating what \${plan.endpoint} addresses: \${plan.setup.method} \${plan.setup.path} answered \${created.status}\`);
    const id = (await created.json())[plan.setup.idField];
    if (id !== undefined && id !== null) params[plan.setup.param] = String(id);
  }
  const path = plan.request.path.replace(/\\{(\\w+)(?::path)?\\}/g, (_, name) => encodeURIComponent(params[name] ?? "example"));
  const response = await call(plan.request.method, path, plan.request.body);
  const text = await response.text();
  assert.ok(response.ok, \`\${plan.request.method} \${path} answered \${response.status}: \${text.slice(0, 200)}\`);
  if (plan.expect === null) return;
  assert.deepEqual(shapeProblems(plan.expect, JSON.parse(text), ""), []);
});

/** The verifier's rule: every documented key present with its JSON type; array items like the first documented one; null documents anything. */
function shapeProblems(expected, actual, at) {
  if (expected === null) return [];
  const kind = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  if (kind(expected) !== kind(actual)) return [\`\${at || "(body)"}: \${kind(expected)} expected, got \${kind(actual)}\`];
  if (Array.isArray(expected)) return expected.length === 0 ? [] : actual.flatMap((item, i) => shapeProblems(expected[0], item, \`\${at}[\${i}]\`));
  if (kind(expected) === "object") {
    return Object.entries(expected).flatMap(([key, value]) => {
      const path = at ? \`\${at}.\${key}\` : key;
      return key in actual ? shapeProblems(value, actual[key], path) : [\`\${path}: missing\`];
    });
  }
  return [];
}
`;
}

/** Runs prevention test files against a running service; each passes or fails on its own. */
export async function runPreventionTests(runner: ProcessRunner, files: readonly string[], baseUrl: string, cwd: string): Promise<Array<{ file: string; passed: boolean; output: string }>> {
  const results: Array<{ file: string; passed: boolean; output: string }> = [];
  for (const file of files) {
    // One file, run as it is: node:test fails the process when a test fails, without `--test` starting a second Node.
    const result = await runner.run(process.execPath, ["--test-reporter=tap", file], { cwd, timeoutMs: 30_000, env: { SERVICE_URL: baseUrl } });
    results.push({ file, passed: result.exitCode === 0 && !result.timedOut, output: result.output });
  }
  return results;
}
