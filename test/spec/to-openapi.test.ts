import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/core/json.js";
import { analyzeSpecFile } from "../../src/spec/analyze-spec-file.js";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { toContract } from "../../src/spec/to-contract.js";
import { toOpenApi, toOpenApiText } from "../../src/spec/to-openapi.js";
import { buildExecutorSpec, example, fixture, repoRoot } from "../helpers/paths.js";

const examples = readdirSync(path.join(repoRoot, "examples")).sort().map((name) => example(name));
const notations = readdirSync(fixture("specs/notations")).filter((f) => f.endsWith(".md")).sort().map((f) => fixture("specs/notations", f));
const openapiFixtures = readdirSync(fixture("specs/openapi")).sort().map((f) => fixture("specs/openapi", f));

const exported = async (file: string) => {
  const analyzed = await analyzeSpecFile(file);
  return toOpenApiText(toContract(analyzed.spec), analyzed.spec);
};

describe("the exported OpenAPI document", () => {
  it.each([...examples, ...notations, ...openapiFixtures].map((f) => path.relative(repoRoot, f)))("of %s validates with the OpenAPI parser", async (file) => {
    const document = JSON.parse(await exported(path.join(repoRoot, file))) as JsonObject;
    expect(await validate(document as never)).toEqual({ valid: true, warnings: [], specification: "OpenAPI" });
  });

  it("reads back as a SPEC with the same operations, schemas and examples", async () => {
    const original = toContract((await analyzeSpecFile(buildExecutorSpec)).spec);
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-openapi-")), "openapi.json");
    await writeFile(file, await exported(buildExecutorSpec));
    const again = toContract((await analyzeSpecFile(file)).spec);
    const http = (c: typeof original) => c.endpoints.filter((e) => e.method !== "WS");
    expect(http(again).map((e) => [e.key, e.role, e.response, e.responseSchema?.schema])).toEqual(http(original).map((e) => [e.key, e.role, e.response, e.responseSchema?.schema]));
  });

  it("answers 400 for an invalid body and 404 for an unknown id where the service does", () => {
    const contract = toContract(parseSpec(readFileSync(buildExecutorSpec, "utf8"), buildExecutorSpec).spec);
    const paths = toOpenApi(contract)["paths"] as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths["/builds/{build_id}/approve"]?.["post"]?.responses ?? {})).toEqual(["200", "400", "404"]);
    expect(Object.keys(paths["/builds"]?.["get"]?.responses ?? {})).toEqual(["200"]);
  });

  it("lists WebSocket endpoints, which OpenAPI cannot describe, under x-specforge-websockets", () => {
    const contract = toContract(parseSpec(readFileSync(buildExecutorSpec, "utf8"), buildExecutorSpec).spec);
    expect((toOpenApi(contract)["x-specforge-websockets"] as Array<{ path: string }>).map((w) => w.path)).toEqual(["/builds/{build_id}/stream"]);
  });

  it("moves a recursive schema's $defs to components, where its references point", () => {
    const contract = toContract(parseSpec(readFileSync(buildExecutorSpec, "utf8"), buildExecutorSpec).spec);
    const tree = { $ref: "#/$defs/Node", $defs: { Node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/$defs/Node" } } } } } };
    const withTree = { ...contract, endpoints: [{ ...(contract.endpoints[0] as (typeof contract.endpoints)[number]), responseSchema: { schema: tree, source: "spec" as const } }] };
    const document = toOpenApi(withTree);
    expect((document["components"] as JsonObject)["schemas"]).toEqual({ Node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/components/schemas/Node" } } } } });
    expect(JSON.stringify(document["paths"])).toContain('"schema":{"$ref":"#/components/schemas/Node"}');
  });
});
