import type { DataModel, ModelField } from "./types.js";

/** Reads Pydantic-style models (`class X(BaseModel):` with typed fields) from a Python block. */
export function parseModels(code: string, firstLine: number): DataModel[] {
  const models: DataModel[] = [];
  let current: DataModel | null = null;
  code.split("\n").forEach((raw, index) => {
    const line = firstLine + index;
    const cls = /^class\s+(\w+)\s*\(\s*(?:[\w.]*BaseModel|[\w.]*TypedDict)\s*\)\s*:/.exec(raw);
    if (cls) {
      current = { name: cls[1] as string, fields: [], line };
      models.push(current);
      return;
    }
    if (!current) return;
    if (/^\S/.test(raw)) {
      current = null;
      return;
    }
    const field = parseField(raw, line);
    if (field) (current as DataModel).fields.push(field);
  });
  return models;
}

function parseField(raw: string, line: number): ModelField | null {
  const withoutComment = raw.replace(/\s+#.*$/, "");
  const m = /^\s+([A-Za-z_]\w*)\s*:\s*([^=]+?)\s*(?:=\s*(.+))?$/.exec(withoutComment);
  if (!m) return null;
  const type = (m[2] as string).trim();
  const hasDefault = m[3] !== undefined;
  const optional = hasDefault || /^Optional\[/.test(type) || /\bNone\b/.test(type);
  return { name: m[1] as string, type, optional, line };
}
