import path from "node:path";
import { readConfigFile } from "../config/read-config-file.js";
import { UsageError } from "../core/usage-error.js";
import { loadPatternStore } from "../learn/pattern-store.js";
import type { PatternRecord } from "../learn/types.js";
import { EXIT, type CliIo } from "./io.js";

/** `specforge patterns [--patterns DIR] [--json]`: what the store has learned, most seen first. */
export async function patternsCommand(options: { patterns?: string; config?: string; json?: boolean }, io: CliIo): Promise<number> {
  const dir = options.patterns || (options.config ? (await readConfigFile(options.config, { required: true })).patterns : "");
  if (!dir) throw new UsageError("which pattern store? give --patterns DIR (or --config with `patterns:`)");
  const store = await loadPatternStore(path.resolve(dir));
  const records = [...store.patterns.values()].sort((a, b) => b.seen - a.seen || (a.lastSeen < b.lastSeen ? 1 : -1));
  if (options.json) {
    io.stdout.write(JSON.stringify({ store: dir, patterns: records.map(toJson) }, null, 2) + "\n");
    return EXIT.verified;
  }
  if (records.length === 0) {
    io.stdout.write(`${dir}: no patterns learned yet\n`);
    return EXIT.verified;
  }
  for (const r of records) {
    const strategies = Object.entries(r.strategies).map(([name, s]) => `${name} ${s.worked}/${s.tried}`);
    io.stdout.write(`${r.id}  ${r.code ?? "-"} ${r.phase ?? "-"}${r.endpoint ? ` ${r.endpoint}` : ""}  ${r.class}  seen ${r.seen}× since ${r.firstSeen.slice(0, 10)}${strategies.length > 0 ? `  ${strategies.join(", ")}` : ""}\n`);
    io.stdout.write(`    ${r.sample.split("\n")[0]}\n`);
  }
  return EXIT.verified;
}

function toJson(r: PatternRecord) {
  return {
    id: r.id,
    code: r.code,
    phase: r.phase,
    endpoint: r.endpoint,
    class: r.class,
    seen: r.seen,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    sample: r.sample,
    strategies: Object.entries(r.strategies).map(([name, s]) => ({ name, tried: s.tried, worked: s.worked, meanRecoveryMs: s.meanRecoveryMs })),
  };
}
