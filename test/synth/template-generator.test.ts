import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/spec/parse-spec.js";
import { toContract } from "../../src/spec/to-contract.js";
import { toOpenApiText } from "../../src/spec/to-openapi.js";
import type { TargetName } from "../../src/synth/targets.js";
import { createTemplateGenerator } from "../../src/synth/template-generator.js";
import { writeServiceFiles } from "../../src/synth/write-service-files.js";
import { buildExecutorSpec, fixture } from "../helpers/paths.js";

async function generate(text: string, target: TargetName = "typescript-node") {
  const { spec } = parseSpec(text, "SPEC.md");
  const generator = await createTemplateGenerator(target);
  return generator.generate({ spec, contract: toContract(spec), specText: text, attempt: 1, previousFindings: [] });
}

describe("the template generator", () => {
  const text = readFileSync(buildExecutorSpec, "utf8");

  it("gives byte-identical files for the same SPEC", async () => {
    expect(JSON.stringify(await generate(text))).toBe(JSON.stringify(await generate(text)));
  });

  it("changes only what a SPEC change touches", async () => {
    const before = await generate(text);
    const after = await generate(text.replace("**Version:** 1.0.0", "**Version:** 1.1.0"));
    const changed = after.filter((f, i) => f.content !== before[i]?.content).map((f) => f.path);
    expect(changed).toEqual(["README.md", "openapi.json", "package-lock.json", "package.json", "src/contract.ts"]);
  });

  it("writes a project a team can own: sources, tests, lockfile, README", async () => {
    expect((await generate(text)).map((f) => f.path)).toEqual([
      ".gitignore",
      "README.md",
      "openapi.json",
      "package-lock.json",
      "package.json",
      "src/contract.ts",
      "src/dependencies.ts",
      "src/handlers.ts",
      "src/metrics.ts",
      "src/router.ts",
      "src/routes.ts",
      "src/server.ts",
      "src/shape.ts",
      "src/store.ts",
      "src/stream.ts",
      "src/types.ts",
      "src/validate.ts",
      "test/helpers.ts",
      "test/service.test.ts",
      "tsconfig.json",
    ]);
  });

  it("carries the contract as openapi.json, the document specforge contract writes", async () => {
    const { spec } = parseSpec(text, "SPEC.md");
    const file = (await generate(text)).find((f) => f.path === "openapi.json");
    expect(file?.content).toBe(toOpenApiText(toContract(spec), spec));
    expect(JSON.parse(file?.content ?? "{}")).toMatchObject({ openapi: "3.1.0", info: { title: "Build Executor", version: "1.0.0" } });
  });

  it("writes one test per endpoint plus validation, read-back and stream tests", async () => {
    const tests = (await generate(text)).find((f) => f.path === "test/service.test.ts")?.content ?? "";
    const names = [...tests.matchAll(/^test\("([^"]+)"/gm)].map((m) => m[1]);
    expect(names).toHaveLength(16);
    expect(names).toContain("POST /builds/submit refuses a request without spec_path");
    expect(names).toContain("GET /builds/{build_id}/status reads back a created build_id");
    expect(names).toContain("WS /builds/{build_id}/stream streams documented events");
  });

  it("keeps SPEC text that looks like code inside JSON strings and comments", async () => {
    const hostile = text.replace("### POST /builds/submit", "### POST /builds/submit - Submit */ process.exit(1); /* ").replace('"spec_path": "services/', '"spec_path": "\\"); process.exit(1); //');
    expect(hostile).not.toBe(text);
    expect(hostile).toContain("*/ process.exit(1); /*");
    expect(hostile).toContain('"\\"); process.exit(1); //');
    const files = await generate(hostile);
    const routes = files.find((f) => f.path === "src/routes.ts")?.content ?? "";
    // The summary lands in a comment, defused.
    expect(routes).toContain("Submit * / process.exit(1); /*");
    expect(routes).not.toContain("*/ process.exit");
    const contract = files.find((f) => f.path === "src/contract.ts")?.content ?? "";
    const json = contract.slice(contract.indexOf("= ") + 2, contract.lastIndexOf(";"));
    expect(() => JSON.parse(json)).not.toThrow();
  });
});

const contentOf = (files: Array<{ path: string; content: string }>, name: string) => files.find((f) => f.path === name)?.content ?? "";

/** Parses every generated module and lists the names in its code (not in strings or comments) that `names` holds. */
async function namesInCode(files: Array<{ path: string; content: string }>, names: string[]): Promise<string[]> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), "specforge-py-")), "svc");
  await writeServiceFiles(dir, files);
  const script = [
    "import ast, io, json, pathlib, sys, tokenize",
    "found = []",
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.py')):",
    "    src = p.read_text(encoding='utf-8')",
    "    ast.parse(src)",
    "    for tok in tokenize.generate_tokens(io.StringIO(src).readline):",
    "        if tok.type == tokenize.NAME and tok.string in sys.argv[2:]:",
    "            found.append(p.name + ':' + tok.string)",
    "print(json.dumps(found))",
  ].join("\n");
  const { stdout } = await execa("python3", ["-c", script, dir, ...names]);
  return JSON.parse(stdout) as string[];
}

describe("the python-fastapi templates", () => {
  const text = readFileSync(buildExecutorSpec, "utf8");

  it("give byte-identical files for the same SPEC", async () => {
    expect(JSON.stringify(await generate(text, "python-fastapi"))).toBe(JSON.stringify(await generate(text, "python-fastapi")));
  });

  it("change only what a SPEC change touches", async () => {
    const before = await generate(text, "python-fastapi");
    const after = await generate(text.replace("**Version:** 1.0.0", "**Version:** 1.1.0"), "python-fastapi");
    expect(after.filter((f, i) => f.content !== before[i]?.content).map((f) => f.path)).toEqual(["README.md", "app/contract.json", "openapi.json"]);
  });

  it("write a project a team can own: an app package, pinned requirements, tests, README", async () => {
    expect((await generate(text, "python-fastapi")).map((f) => f.path)).toEqual([
      ".gitignore",
      "README.md",
      "app/__init__.py",
      "app/__main__.py",
      "app/contract.json",
      "app/contract.py",
      "app/dependencies.py",
      "app/handlers.py",
      "app/json_types.py",
      "app/main.py",
      "app/metrics.py",
      "app/models.py",
      "app/router.py",
      "app/routes.py",
      "app/shape.py",
      "app/store.py",
      "app/stream.py",
      "app/validate.py",
      "openapi.json",
      "pytest.ini",
      "requirements.txt",
      "tests/__init__.py",
      "tests/conftest.py",
      "tests/helpers.py",
      "tests/test_service.py",
    ]);
  });

  it("pin every requirement to one version", async () => {
    const requirements = contentOf(await generate(text, "python-fastapi"), "requirements.txt")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    expect(requirements).toEqual(["fastapi==0.92.0", "pydantic==1.10.4", "uvicorn==0.17.6", "websockets==10.4", "httpx==0.23.3", "pytest==7.2.1"]);
  });

  it("write one pytest test per endpoint plus validation, read-back and stream tests, numbered in order", async () => {
    const tests = contentOf(await generate(text, "python-fastapi"), "tests/test_service.py");
    const names = [...tests.matchAll(/^def (test_\w+)\(client\):$/gm)].map((m) => m[1]);
    expect(names).toHaveLength(16);
    expect(names[0]).toBe("test_01_get_health_answers_as_documented");
    expect(names).toContain("test_13_post_builds_submit_refuses_a_request_without_spec_path");
    expect(names).toContain("test_15_get_builds_build_id_status_reads_back_a_created_build_id");
    expect(names[15]).toBe("test_16_ws_builds_build_id_stream_streams_documented_events");
  });

  it("keep the contract as JSON data, not code", async () => {
    const files = await generate(text, "python-fastapi");
    expect(JSON.parse(contentOf(files, "app/contract.json"))).toEqual(toContract(parseSpec(text, "SPEC.md").spec));
  });

  it("turn the SPEC's model blocks into Pydantic models, and read a model from each request no SPEC model accepts", async () => {
    const models = contentOf(await generate(readFileSync(fixture("specs/ticket-desk.md"), "utf8"), "python-fastapi"), "app/models.py");
    expect(models.slice(models.indexOf("\nclass ") + 1)).toBe(
      [
        "class Person(BaseModel):",
        "    # From the SPEC (line 110).",
        "    name: str",
        "    email: str",
        "",
        "",
        "class TicketCreate(BaseModel):",
        "    # From the SPEC (line 114).",
        "    title: str",
        "    priority: int = 3",
        "    reporter: Person",
        "    tags: List[str] = []",
        "    due: Optional[datetime] = None",
        '    schema_: Optional[str] = Field(None, alias="schema")',
        "",
        "",
        "class Comment(BaseModel):",
        "    # From the SPEC (line 122).",
        "    text: str",
        "    author: str",
        "    at: datetime",
        "",
        "",
        "class TicketClose(BaseModel):",
        "    # From the SPEC (line 127).",
        "    resolution: str",
        "    reopen_after_days: Optional[int] = None",
        "",
        "",
        "class PostMessageRequest(BaseModel):",
        "    # The request of POST /message, read from its example (SPEC line 34).",
        "    trace_id: Optional[str] = None",
        "    source: Optional[str] = None",
        "    target: Optional[str] = None",
        "    message_type: Optional[str] = None",
        "    payload: Optional[Dict[str, Any]] = None",
        "    timestamp: Optional[str] = None",
        "",
        "",
        "class PostTicketsCodeCommentsRequest(BaseModel):",
        "    # The request of POST /tickets/{code}/comments, read from its example (SPEC line 76).",
        "    text: str",
        "    author: str",
        "    at: str",
        "",
        "",
        "# The model each endpoint's request body is checked against (app/validate.py).",
        "REQUEST_MODELS: Dict[str, Type[BaseModel]] = {",
        '    "POST /message": PostMessageRequest,',
        '    "POST /tickets": TicketCreate,',
        '    "POST /tickets/{code}/comments": PostTicketsCodeCommentsRequest,',
        '    "POST /tickets/{code}/close": TicketClose,',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("keep SPEC text that looks like Python inside string literals and comments", async () => {
    const hostile = [
      "# Evil",
      "**Service Name:** evil",
      "**Version:** 1.0.0",
      "",
      '### POST /run");__import__("os").system("id")#',
      "Run it",
      "```json",
      '// Request',
      '{"cmd": "x\\"); __import__(\\"os\\").system(\\"id\\")  #", "import": 1}',
      "// Response",
      '{"ok": true}',
      "```",
      "",
      '### GET /x - summary """ + __import__("os").system("id") + """',
      "```json",
      '{"ok": true}',
      "```",
      "",
      "```python",
      "class Run(BaseModel):",
      '    cmd: str = __import__("os").system("id")',
      '    level: os.system("id") = 1',
      '    note: str = "a\\" + __import__(\'os\')"',
      "    import: int",
      "",
      "class os(BaseModel):",
      "    path: str",
      "```",
    ].join("\n");
    expect(await namesInCode(await generate(hostile, "python-fastapi"), ["__import__", "system"])).toEqual([]);
  });
});
