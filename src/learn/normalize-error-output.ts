/**
 * Turns an error output (tsc, node, node:test, npm, a crashed service, any
 * text) into the text its signature is computed from: the same root cause
 * gives the same text on any machine, in any folder, on any port, at any time;
 * what tells root causes apart survives.
 *
 * Replaced (they differ between runs, not between causes):
 * - absolute paths and `file://` URLs → `<path>`, and relative paths with a
 *   folder (`src/handlers.ts`) or a location (`bad.ts(1,7)`) → `<path>`: file
 *   names are identifiers, and a generated service names its files after the
 *   SPEC, so the same mistake in two services would otherwise be two patterns.
 *   Bare names with no location stay (`package.json`, `res.json is not a function`);
 * - ISO timestamps and times → `<time>`, durations (`12ms`, `1.234s`) →
 *   `<duration>`, UUIDs → `<uuid>`, hex hashes and SRI integrity → `<hex>` /
 *   `<hash>`, random-looking ids (long tokens with digits) → `<id>`, versions →
 *   `<version>`, `name@1.2.3` package specs → `<package>`, addresses with their
 *   port (`127.0.0.1:4321`, `:::4321`, `localhost:3000`) → `<address>`, and
 *   every other number (line and column, port, pid, count, errno) → `<n>`,
 *   except an HTTP status after `status`, `HTTP`, `got`, `answered` or
 *   `returned`: a 400 (the request was refused) and a 500 (the handler
 *   crashed) are two causes;
 * - quoted values → `<q>`: type names, module specifiers, property names and
 *   test data are the identifiers of one program. A quoted error code or
 *   error type (`'ERR_ASSERTION'`, `'EADDRINUSE'`, `'testTimeoutFailure'`,
 *   `'AssertionError'`) is the tools' vocabulary and stays;
 * - test names (`not ok 3 - creates a build` → `not ok <n> - <test>`): they
 *   come from each SPEC, so keeping them would make the same failure a new
 *   pattern in every service; the endpoint a finding is about is part of the
 *   signature instead, where it tells failures apart.
 *
 * Dropped lines: stack frames and code frames (they change with the Node
 * version and the code around the failure), passing tests and test-runner
 * counters, npm warnings and notices (machine configuration), npm's usage
 * text and log-file line, tsc's "Found N errors" summary, and for a crashed
 * Node process everything it printed before its crash report (how long it ran
 * is not the cause). ANSI colours are stripped, lines are trimmed, repeated
 * lines are kept once, and the result is capped at {@link MAX_LINES} lines of
 * {@link MAX_LINE_LENGTH} characters.
 *
 * Kept: error codes (TS2322, EADDRINUSE, ERR_MODULE_NOT_FOUND, E2004), error
 * names, the message skeleton, HTTP methods, statuses and URL paths (with
 * their ids replaced), host names other than local addresses.
 *
 * Speed: one pass over the lines, one combined regular expression per line.
 */

export const MAX_LINES = 40;
export const MAX_LINE_LENGTH = 300;

// eslint-disable-next-line no-control-regex -- colour codes are control characters (ESC, BEL) by definition
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Lines that never tell a root cause: runner chatter, counters, frames, warnings. */
const NOISE_LINE = anchoredAlternatives([
  String.raw`at .*(?:\)|:\d+)(?: \{)?$`, // a stack frame (the last one opens the error's properties)
  String.raw`TAP version \d`,
  String.raw`\d+\.\.\d+$`, // TAP plan
  String.raw`# Subtest: `,
  String.raw`ok \d+ `, // a passing TAP test
  String.raw`# (?:tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) `,
  String.raw`(?:---|\.\.\.)$`, // TAP YAML fences
  String.raw`(?:duration_ms|location): `,
  String.raw`[✔ℹ▶﹣] `, // node:test spec reporter: passed, summary, suite, skipped
  String.raw`npm (?:warn|WARN|notice)\b`,
  String.raw`npm error (?:A complete log of this run|Log files were not written)`,
  String.raw`npm error$`,
  String.raw`Found \d+ errors?\b`, // tsc's summary
  String.raw`[{}[\](),;]+$`, // the braces of an error object's dump
]);

function anchoredAlternatives(alternatives: string[]): RegExp {
  return new RegExp(`^(?:${alternatives.map((alternative) => `(?:${alternative})`).join("|")})`);
}

/** The line under a code frame: `^` (node) or `~~~` (tsc --pretty). */
const CODE_FRAME_MARKER = /^(?:\^+|~+)$/;
/** `file:///x/y.js:12`, `node:events:502`: the location line above a code frame. */
const LOCATION_ONLY = /^\S+:\d+$/;
/** The last line Node prints for an uncaught exception. */
const CRASH_TRAILER = /^Node\.js v\d/;
const TAP_STACK = /^stack: [|>]-?$/;
const TAP_FAILED_TEST = /^not ok \d+ - .*/;
const SPEC_FAILED_TEST = /^✖ (?!failing tests:$).*/;
/** `error: 'test timed out after 50ms'`: a quoted message is a message, not a value. */
const QUOTED_MESSAGE = /^(error|message|cause): '(.*)'$/;
const NPM_LEGACY_PREFIX = /^npm ERR! ?/;
const NPM_USAGE_START = "npm error Usage:";
const NPM_USAGE_END = /^npm error Run "npm help /;
/** tsc prints `f.ts(1,7): error TS…` plain and `f.ts:1:7 - error TS…` with --pretty: one form. */
const TSC_LOCATION = /^<path>(?:\(<n>,<n>\):|:<n>:<n> -) error (TS\d+):/;

/**
 * Everything that varies between runs, in one expression: the alternatives
 * are tried left to right at each position, so the more specific come first.
 */
const VARIABLE_PARTS = new RegExp(
  [
    /* 1 url */ String.raw`\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s'"<>)\]]+)`,
    /* 2 method, 3 url path */ String.raw`\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|WS|ANY) (\/[^\s'"<>)]*)`,
    /* 4 windows path */ String.raw`\b([A-Za-z]:\\[^\s'"<>|*?]+)`,
    /* 5 absolute path */ String.raw`(?<![\w.~/:@-])(~?(?:\/[\w.@+%~-]+){2,}\/?)`,
    /* 6 relative path */ String.raw`(?<![\w.~/:@-])((?:\.{1,2}\/)?(?:[\w@+-][\w.@+-]*\/)+[\w@+-][\w.@+-]*\.[A-Za-z][A-Za-z0-9]{0,5})(?![\w/.])`,
    /* 7 file:line */ String.raw`(?<![\w.~/:@-])([\w@+-][\w.@+-]*\.[A-Za-z][A-Za-z0-9]{0,5})(?=:\d|\(\d)`,
    /* 8 timestamp */ String.raw`\b(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}[:_]\d{2}(?:[:_]\d{2}(?:[.,_]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}:\d{2}:\d{2}(?:\.\d+)?)(?![\w:])`,
    /* 9 uuid */ String.raw`\b([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\b`,
    /* 10 integrity */ String.raw`\b(sha(?:1|256|384|512)-[A-Za-z0-9+/]+=*)`,
    /* 11 address */ String.raw`(?<![\w:.])((?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]|::(?:[0-9A-Fa-f]{1,4}|:)*|localhost)(?::\d{1,5})?)(?![\w.])`,
    /* 12 package spec */ String.raw`(?<![\w@/.-])((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@[~^<>=]*v?\d+(?:\.(?:\d+|x|\*)){0,2}(?:-[\w.]+)?)`,
    /* 13 version */ String.raw`\b(v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\b`,
    /* 14 0x hex */ String.raw`\b(0x[0-9a-fA-F]+)\b`,
    /* 15 duration */ String.raw`\b(\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|secs?|seconds?|milliseconds?|m|mins?|minutes?|h|hrs?|hours?))\b`,
    /* 16 token with digits */ String.raw`\b((?=[A-Za-z_]*\d)\w{7,})\b`,
    /* 17 single-quoted */ String.raw`(?<!\w)'([^'\n]*)'(?!\w)`,
    /* 18 double-quoted */ String.raw`(?<!\w)"([^"\n]*)"(?!\w)`,
    /* 19 http status */ String.raw`\b((?:status(?:Code)?:?|HTTP(?:\/\d(?:\.\d)?)?|got|answered|returned) [1-5]\d\d)(?![\w.]|\s?(?:ms|s)\b)`,
    /* 20 number */ String.raw`\b(\d+(?:\.\d+)?)\b`,
  ].join("|"),
  "g",
);

/** Quoted values that are the tools' vocabulary, not the program's data. */
const QUOTED_VOCABULARY = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|E[A-Z0-9]{2,}|TS\d{4,5}|[A-Za-z]*(?:Error|Failure|Exception))$/;
const LOCAL_HOST = /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])(?::\d+)?$/;
const URL_PATH_PARTS = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?<![A-Za-z])\d+(?![A-Za-z])|\b(?=[a-z_]*\d)[\w-]{12,}\b/g;

function replaceVariablePart(match: string, ...groups: Array<string | undefined>): string {
  const [url, method, urlPath, windowsPath, absolutePath, relativePath, fileWithLocation, timestamp, uuid, integrity, address, packageSpec, version, hex, duration, token, singleQuoted, doubleQuoted, httpStatus] =
    groups;
  if (url !== undefined) return normalizeUrl(url);
  if (method !== undefined) return `${method} ${normalizeUrlPath(urlPath ?? "")}`;
  if (windowsPath !== undefined || absolutePath !== undefined || relativePath !== undefined || fileWithLocation !== undefined) return "<path>";
  if (timestamp !== undefined) return "<time>";
  if (uuid !== undefined) return "<uuid>";
  if (integrity !== undefined) return "<hash>";
  if (address !== undefined) return "<address>";
  if (packageSpec !== undefined) return "<package>";
  if (version !== undefined) return "<version>";
  if (hex !== undefined) return "<hex>";
  if (duration !== undefined) return "<duration>";
  if (token !== undefined) return normalizeToken(token);
  const quoted = singleQuoted ?? doubleQuoted;
  if (quoted !== undefined) return QUOTED_VOCABULARY.test(quoted) ? match : "<q>";
  if (httpStatus !== undefined) return httpStatus;
  return "<n>";
}

/** A word with digits in it: a number, a hash, an id, or a name like `Float64Array` that stays. */
function normalizeToken(token: string): string {
  let digits = 0;
  let hexOnly = true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (!((c >= 97 && c <= 102) || (c >= 65 && c <= 70))) hexOnly = false;
  }
  if (digits === token.length) return "<n>";
  if (hexOnly) return "<hex>";
  return digits >= 3 ? "<id>" : token;
}

function normalizeUrl(url: string): string {
  if (url.startsWith("file:")) return "<path>";
  const schemeEnd = url.indexOf("://") + 3;
  const pathStart = url.indexOf("/", schemeEnd);
  const authority = pathStart === -1 ? url.slice(schemeEnd) : url.slice(schemeEnd, pathStart);
  const host = LOCAL_HOST.test(authority) ? "<address>" : authority.replace(/:\d+$/, "");
  return `${url.slice(0, schemeEnd)}${host}${pathStart === -1 ? "" : normalizeUrlPath(url.slice(pathStart))}`;
}

/** `/builds/42/status` → `/builds/<n>/status`: the route stays, the ids in it go. */
function normalizeUrlPath(urlPath: string): string {
  return urlPath.replace(URL_PATH_PARTS, (part) => (part.length === 36 && part[8] === "-" ? "<uuid>" : /^\d+$/.test(part) ? "<n>" : "<id>"));
}

/** One line's variable parts replaced (no line-level rules). */
export function normalizeErrorLine(line: string): string {
  return line.replace(VARIABLE_PARTS, replaceVariablePart);
}

/**
 * The normalised text of an error output (see the file comment for what is
 * replaced, dropped and kept). Pure and deterministic.
 *
 * @example
 * normalizeErrorOutput("bad.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.")
 * // → "<path>: error TS2322: Type <q> is not assignable to type <q>."
 */
export function normalizeErrorOutput(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.includes("\x1b")) lines[i] = line.replace(ANSI, "");
  }
  const isCodeFrameMarker = (i: number) => i < lines.length && CODE_FRAME_MARKER.test((lines[i] as string).trim());

  const kept: string[] = [];
  /** Indentation of a TAP `stack: |-` key while its block is being skipped, else -1. */
  let skippedBlockIndent = -1;
  let inNpmUsage = false;
  /** Where a crash report would start: just after the last code frame. */
  let afterLastCodeFrame = 0;
  let crashReportStart = -1;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    let trimmed = line.trim();
    if (skippedBlockIndent >= 0) {
      if (trimmed === "" || indentation(line) > skippedBlockIndent) continue;
      skippedBlockIndent = -1;
    }
    if (trimmed === "") continue;
    // A code frame is a location (node only), the source line, and a marker line under it.
    if (isCodeFrameMarker(i)) {
      afterLastCodeFrame = kept.length;
      continue;
    }
    if (isCodeFrameMarker(i + 1) || (isCodeFrameMarker(i + 2) && LOCATION_ONLY.test(trimmed))) continue;
    if (TAP_STACK.test(trimmed)) {
      skippedBlockIndent = indentation(line);
      continue;
    }
    if (trimmed.startsWith("npm ERR!")) trimmed = trimmed.replace(NPM_LEGACY_PREFIX, "npm error ").trimEnd();
    if (inNpmUsage) {
      if (trimmed.startsWith("npm error") && !NPM_USAGE_END.test(trimmed)) continue;
      inNpmUsage = false;
    }
    if (trimmed === NPM_USAGE_START) {
      inNpmUsage = true;
      continue;
    }
    if (NOISE_LINE.test(trimmed)) continue;

    let normalized: string;
    if (TAP_FAILED_TEST.test(trimmed)) normalized = "not ok <n> - <test>";
    else if (SPEC_FAILED_TEST.test(trimmed)) normalized = "✖ <test>";
    else {
      const quotedMessage = QUOTED_MESSAGE.exec(trimmed);
      normalized = quotedMessage ? `${quotedMessage[1]}: ${normalizeErrorLine(quotedMessage[2] ?? "")}` : normalizeErrorLine(trimmed);
      normalized = normalized.replace(TSC_LOCATION, "<path>: error $1:");
    }
    if (crashReportStart === -1 && CRASH_TRAILER.test(trimmed)) crashReportStart = afterLastCodeFrame;
    kept.push(normalized.length > MAX_LINE_LENGTH ? normalized.slice(0, MAX_LINE_LENGTH) : normalized);
  }

  const unique = new Set<string>();
  for (let i = Math.max(crashReportStart, 0); i < kept.length && unique.size < MAX_LINES; i++) unique.add(kept[i] as string);
  return [...unique].join("\n");
}

function indentation(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === " " || line[i] === "\t")) i++;
  return i;
}
