import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import { isJsonObject, type JsonObject } from "../core/json.js";
import { PatternStoreError } from "./pattern-store-error.js";
import type { PatternRecord, StrategyStats } from "./types.js";

/**
 * `patterns.json`, version 1:
 *
 * ```json
 * { "patterns": [ { "class", "code", "endpoint", "firstSeen", "id", "lastSeen", "phase", "sample", "seen",
 *                   "strategies": { "<name>": { "meanRecoveryMs", "tried", "worked" } } } ],
 *   "version": 1 }
 * ```
 *
 * Written the same way every time, so that the same patterns are the same
 * bytes and a diff shows only what changed: records sorted by id, one record
 * a line with its keys sorted, a final newline. Read strictly: an unknown version, a
 * missing or extra field, or a value of the wrong kind is an error, never
 * silently dropped (a rewrite would lose it).
 */
export const PATTERN_STORE_VERSION = 1;

/** Strategy names are keys of a plain object: no `__proto__`, no surprises. */
export const STRATEGY_NAME = /^[A-Za-z0-9][\w.:-]{0,99}$/;
const PATTERN_ID = /^[0-9a-f]{16}$/;
/** Ranges checked here rather than by Date.parse, which took a quarter of a 100,000-pattern load. */
const ISO_TIMESTAMP = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,3})?Z$/;
const RECORD_FIELDS = ["class", "code", "endpoint", "firstSeen", "id", "lastSeen", "phase", "sample", "seen", "strategies"];
const STRATEGY_FIELDS = ["meanRecoveryMs", "tried", "worked"];
/** Enough to fix a hand edit; a file with more is better regenerated. */
const MAX_PROBLEMS_LISTED = 10;

/**
 * Each record's line as read from or written to `patterns.json`, until the
 * record changes (`markChanged`): an update of a few patterns in a store of
 * 100,000 writes the others' lines as they were instead of serialising them
 * again.
 */
const asWritten = new WeakMap<PatternRecord, string>();

/** A record was changed in memory: its line must be written anew. Everything that changes records calls this. */
export function markChanged(record: PatternRecord): void {
  asWritten.delete(record);
}

export function serializePatternStore(patterns: Iterable<PatternRecord>): string {
  const sorted = sortById([...patterns]);
  // One record a line: a pull request's diff shows each changed pattern as one changed line, and
  // the file stays small and quick to read. ASCII only (\uXXXX escapes), so decoding is cheap.
  if (sorted.length === 0) return `{"patterns": [\n], "version": ${PATTERN_STORE_VERSION}}\n`;
  const fresh = sorted.filter((r) => !asWritten.has(r));
  const lines = serializeRecords(fresh);
  fresh.forEach((r, i) => asWritten.set(r, lines[i] as string));
  return `{"patterns": [\n${sorted.map((r) => asWritten.get(r)).join(",\n")}\n], "version": ${PATTERN_STORE_VERSION}}\n`;
}

/** Each record's line: sorted keys, ASCII only. */
function serializeRecords(records: PatternRecord[]): string[] {
  if (records.length === 0) return [];
  // One stringify of the whole list is several times faster than one per record. Every record
  // starts with its first sorted key, `{"class":`; inside a string value that text would be
  // escaped (`{\"class\"`), so the only matches are record boundaries.
  return JSON.stringify(records.map(toSortedKeys)).slice(1, -1).replace(NON_ASCII, escapeCharacter).split('},{"class":').map((part, i, all) => `${i === 0 ? "" : '{"class":'}${part}${i === all.length - 1 ? "" : "}"}`);
}

const byId = (a: PatternRecord, b: PatternRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Records by id. A store is read in id order and an update adds a few
 * records at the end: the sorted run is kept, only the rest is sorted, and the
 * two are merged, instead of sorting 100,000 records again.
 */
function sortById(records: PatternRecord[]): PatternRecord[] {
  let run = 1;
  while (run < records.length && byId(records[run - 1] as PatternRecord, records[run] as PatternRecord) <= 0) run++;
  if (run >= records.length) return records;
  const rest = records.slice(run).sort(byId);
  const merged: PatternRecord[] = new Array(records.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < merged.length; k++) {
    merged[k] = j >= rest.length || (i < run && byId(records[i] as PatternRecord, rest[j] as PatternRecord) <= 0) ? (records[i++] as PatternRecord) : (rest[j++] as PatternRecord);
  }
  return merged;
}

const NON_ASCII = /[\u007f-\uffff]/g;

function escapeCharacter(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * A file written by `serializePatternStore` has one record a line between
 * its first and last lines: those lines are remembered for each record read.
 * Any other layout (a hand-formatted file) is simply serialised anew.
 */
function rememberLines(text: string, records: PatternRecord[]): void {
  const lines = text.split("\n");
  if (lines[0] !== '{"patterns": [' || lines.length !== records.length + 3 || lines.at(-2) !== `], "version": ${PATTERN_STORE_VERSION}}`) return;
  records.forEach((record, i) => {
    const line = lines[i + 1] as string;
    asWritten.set(record, i < records.length - 1 ? line.slice(0, -1) : line);
  });
}

/** A record with its keys in sorted order (JSON.stringify keeps insertion order). */
function toSortedKeys(record: PatternRecord): PatternRecord {
  const strategies: Record<string, StrategyStats> = {};
  for (const name of Object.keys(record.strategies).sort()) {
    const stats = record.strategies[name] as StrategyStats;
    strategies[name] = { meanRecoveryMs: stats.meanRecoveryMs, tried: stats.tried, worked: stats.worked };
  }
  return {
    class: record.class,
    code: record.code,
    endpoint: record.endpoint,
    firstSeen: record.firstSeen,
    id: record.id,
    lastSeen: record.lastSeen,
    phase: record.phase,
    sample: record.sample,
    seen: record.seen,
    strategies,
  };
}

/**
 * Reads a `patterns.json`'s content into records by id.
 * @throws PatternStoreError naming `file` and, for JSON errors, the line and column
 */
export function parsePatternStore(text: string, file: string): Map<string, PatternRecord> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new PatternStoreError(file, [describeJsonError(text)]);
  }
  if (!isJsonObject(document)) throw new PatternStoreError(file, ["not a pattern store: the top level must be an object with version and patterns"]);
  if (document["version"] !== PATTERN_STORE_VERSION) {
    throw new PatternStoreError(file, [`unsupported version ${JSON.stringify(document["version"])}: this specforge reads version ${PATTERN_STORE_VERSION}`], "use the specforge that wrote it, or remove it");
  }
  const records = document["patterns"];
  if (!Array.isArray(records)) throw new PatternStoreError(file, ['"patterns" must be an array']);
  const extraKeys = Object.keys(document).filter((key) => key !== "version" && key !== "patterns");
  const problems = extraKeys.map((key) => `unknown top-level field "${key}"`);

  const patterns = new Map<string, PatternRecord>();
  records.forEach((record: unknown, index) => {
    const recordProblems = recordErrors(record);
    const where = `patterns[${index}]${isJsonObject(record) && typeof record["id"] === "string" ? ` (id ${record["id"]})` : ""}`;
    problems.push(...recordProblems.map((problem) => `${where}: ${problem}`));
    if (recordProblems.length > 0) return;
    const valid = record as PatternRecord;
    if (patterns.has(valid.id)) problems.push(`${where}: the id appears twice`);
    patterns.set(valid.id, valid);
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_PROBLEMS_LISTED);
    if (problems.length > listed.length) listed.push(`and ${problems.length - listed.length} more`);
    throw new PatternStoreError(file, listed);
  }
  rememberLines(text, records as unknown as PatternRecord[]);
  return patterns;
}

// The checks below run on every record of a store of 100,000 at each load: written to allocate
// nothing for a valid record.
function recordErrors(record: unknown): string[] {
  if (!isJsonObject(record)) return ["must be an object"];
  const problems: string[] = [];
  if (!hasExactly(record, RECORD_FIELDS)) problems.push(...fieldSetErrors(record, RECORD_FIELDS));
  const { id, class: errorClass, sample, phase, code, endpoint, seen, firstSeen, lastSeen, strategies } = record;
  if (typeof id !== "string" || !PATTERN_ID.test(id)) problems.push('"id" must be 16 lowercase hex characters');
  if (typeof errorClass !== "string") problems.push('"class" must be a string');
  if (typeof sample !== "string") problems.push('"sample" must be a string');
  if (phase !== null && typeof phase !== "string") problems.push('"phase" must be a string or null');
  if (code !== null && typeof code !== "string") problems.push('"code" must be a string or null');
  if (endpoint !== null && typeof endpoint !== "string") problems.push('"endpoint" must be a string or null');
  if (!isWholeNumber(seen) || seen < 1) problems.push(`"seen" must be a whole number of at least 1, found ${JSON.stringify(seen)}`);
  const firstIsValid = isTimestamp(firstSeen);
  const lastIsValid = isTimestamp(lastSeen);
  if (!firstIsValid) problems.push(`"firstSeen" must be an ISO 8601 UTC timestamp, found ${JSON.stringify(firstSeen)}`);
  if (!lastIsValid) problems.push(`"lastSeen" must be an ISO 8601 UTC timestamp, found ${JSON.stringify(lastSeen)}`);
  if (firstIsValid && lastIsValid && firstSeen > lastSeen) problems.push('"firstSeen" is after "lastSeen"');
  if (!isJsonObject(strategies)) problems.push('"strategies" must be an object');
  else {
    for (const name in strategies) {
      if (!STRATEGY_NAME.test(name)) problems.push(`strategy name "${name}" must be letters, digits, _ . : - (at most 100)`);
      addStrategyErrors(strategies[name], `strategy "${name}": `, problems);
    }
  }
  return problems;
}

function addStrategyErrors(stats: unknown, prefix: string, problems: string[]): void {
  if (!isJsonObject(stats)) {
    problems.push(`${prefix}must be an object`);
    return;
  }
  if (!hasExactly(stats, STRATEGY_FIELDS)) problems.push(...fieldSetErrors(stats, STRATEGY_FIELDS).map((problem) => prefix + problem));
  const { tried, worked, meanRecoveryMs } = stats;
  if (!isWholeNumber(tried)) problems.push(`${prefix}"tried" must be a whole number, found ${JSON.stringify(tried)}`);
  if (!isWholeNumber(worked) || (isWholeNumber(tried) && worked > tried)) problems.push(`${prefix}"worked" must be a whole number no larger than "tried", found ${JSON.stringify(worked)}`);
  const meanIsValid = meanRecoveryMs === null ? worked === 0 : typeof meanRecoveryMs === "number" && meanRecoveryMs >= 0 && worked !== 0;
  if (!meanIsValid) problems.push(`${prefix}"meanRecoveryMs" must be null when nothing worked and a number of ms otherwise, found ${JSON.stringify(meanRecoveryMs)}`);
}

function hasExactly(value: JsonObject, fields: readonly string[]): boolean {
  let count = 0;
  for (const key in value) {
    if (!fields.includes(key)) return false;
    count++;
  }
  return count === fields.length;
}

function fieldSetErrors(value: JsonObject, fields: readonly string[]): string[] {
  const problems: string[] = [];
  for (const field of fields) if (!(field in value)) problems.push(`missing "${field}"`);
  for (const key of Object.keys(value)) if (!fields.includes(key)) problems.push(`unknown field "${key}"`);
  return problems;
}

/** Where and why JSON.parse failed, as line and column (jsonc-parser locates the first error). */
function describeJsonError(text: string): string {
  if (text.trim() === "") return "the file is empty (truncated?)";
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const offset = first?.offset ?? text.length;
  const reason = first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() : "invalid JSON";
  const { line, column } = lineAndColumn(text, offset);
  const truncated = offset + (first?.length ?? 0) >= text.trimEnd().length ? ", and the file ends there (truncated?)" : "";
  return `not valid JSON: ${reason} at line ${line}, column ${column}${truncated}`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function isTimestamp(value: unknown): value is string {
  return typeof value === "string" && ISO_TIMESTAMP.test(value);
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
