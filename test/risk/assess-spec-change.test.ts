import { describe, expect, it } from "vitest";
import { assessSpecChange } from "../../src/risk/assess-spec-change.js";

/** A small SPEC; each test changes one thing in it. */
const BASE = [
  "# Tasks",
  "",
  "**Service Name:** tasks",
  "**Version:** 1.0.0",
  "",
  "Keeps a team's tasks.",
  "",
  "### POST /tasks",
  "```json",
  "// Request",
  '{"title": "Write the docs", "due": "2026-01-01"}',
  "// Response",
  '{"task_id": "t-1", "title": "Write the docs", "done": false, "tags": ["docs"]}',
  "```",
  "",
  "### GET /tasks/{task_id}",
  "```json",
  '{"task_id": "t-1", "title": "Write the docs", "done": false, "owner": {"login": "ada"}}',
  "```",
  "",
  "### GET /tasks",
  "```json",
  '{"tasks": [{"task_id": "t-1", "done": false}], "total": 1}',
  "```",
].join("\n");

const assess = (after: string) => assessSpecChange({ text: BASE, file: "old.md" }, { text: after, file: "new.md" });

describe("grading a SPEC change", () => {
  it("an identical SPEC is low risk with no change", () => {
    expect(assess(BASE)).toEqual({ grade: "low", reasons: ["no change"], changes: [] });
  });

  it("a change of prose only is low risk", () => {
    const result = assess(BASE.replace("Keeps a team's tasks.", "Keeps the tasks of a small team."));
    expect(result).toEqual({ grade: "low", reasons: ["only the text changed: no endpoint, field or type differs"], changes: [] });
  });

  it("a removed endpoint is critical, located in the old SPEC", () => {
    const result = assess(BASE.slice(0, BASE.indexOf("### GET /tasks\n")));
    expect(result.grade).toBe("critical");
    expect(result.reasons).toEqual(["breaking: GET /tasks was removed (old SPEC line 21)"]);
  });

  it("a removed response field is high risk", () => {
    const result = assess(BASE.replace(', "owner": {"login": "ada"}', ""));
    expect(result.grade).toBe("high");
    expect(result.changes.map((c) => [c.kind, c.endpoint, c.field])).toEqual([
      ["response-field-removed", "GET /tasks/{task_id}", "owner"],
      ["response-field-removed", "GET /tasks/{task_id}", "owner.login"],
    ]);
  });

  it("a retyped response field is high risk, at the new SPEC's line", () => {
    const result = assess(BASE.replace('"total": 1}', '"total": "1"}'));
    expect(result.grade).toBe("high");
    expect(result.reasons).toEqual(["breaking: GET /tasks: response field `total` changed from number to string (line 21)"]);
  });

  it("a nested field retyped inside an array is found by its path", () => {
    const result = assess(BASE.replace('"tasks": [{"task_id": "t-1", "done": false}]', '"tasks": [{"task_id": "t-1", "done": "no"}]'));
    expect(result.changes.map((c) => [c.kind, c.field])).toEqual([["response-field-retyped", "tasks[].done"]]);
  });

  it("a new required request field is high risk", () => {
    const result = assess(BASE.replace('{"title": "Write the docs", "due": "2026-01-01"}', '{"title": "Write the docs", "due": "2026-01-01", "project": "web"}'));
    expect(result.grade).toBe("high");
    expect(result.changes.map((c) => [c.kind, c.field, c.breaking])).toEqual([["required-field-added", "project", true]]);
  });

  it("a removed request field is high risk", () => {
    const result = assess(BASE.replace(', "due": "2026-01-01"}', "}"));
    expect(result.changes.map((c) => [c.kind, c.field])).toEqual([["request-field-removed", "due"]]);
    expect(result.grade).toBe("high");
  });

  it("a new endpoint is additive: medium risk", () => {
    const result = assess(`${BASE}\n\n### DELETE /tasks/{task_id}\n\`\`\`json\n{"deleted": true}\n\`\`\`\n`);
    expect(result).toMatchObject({ grade: "medium", reasons: ["additive: DELETE /tasks/{task_id} was added (line 26)"] });
  });

  it("a new optional request field (a model gives it a default) is additive", () => {
    const withModel = (spec: string) => `${spec}\n\n\`\`\`python\nclass TaskRequest(BaseModel):\n    title: str\n    due: str\n    priority: int = 3\n\`\`\`\n`;
    const result = assessSpecChange(
      { text: withModel(BASE), file: "old.md" },
      { text: withModel(BASE.replace('"due": "2026-01-01"}', '"due": "2026-01-01", "priority": 1}')), file: "new.md" },
    );
    expect(result.changes.map((c) => [c.kind, c.field])).toEqual([["optional-field-added", "priority"]]);
    expect(result.grade).toBe("medium");
  });

  it("a broken UDC endpoint is critical", () => {
    const withHealth = (status: string) => `${BASE}\n\n### GET /health\n\`\`\`json\n{"status": ${status}, "service": "tasks"}\n\`\`\`\n`;
    const result = assessSpecChange({ text: withHealth('"active"'), file: "old.md" }, { text: withHealth("true"), file: "new.md" });
    expect(result.grade).toBe("critical");
    expect(result.changes.map((c) => [c.kind, c.endpoint, c.field])).toEqual([["response-field-retyped", "GET /health", "status"]]);
  });

  it("lists breaking changes before additive ones", () => {
    const result = assess(BASE.replace('"total": 1}', '"total": 1, "page": 1}').replace(', "tags": ["docs"]', ""));
    expect(result.changes.map((c) => [c.kind, c.breaking])).toEqual([
      ["response-field-removed", true],
      ["response-field-added", false],
    ]);
  });
});
