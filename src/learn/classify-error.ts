/**
 * Names the kind of failure a normalised error output shows, for people
 * reading a pattern: `tsc TS2322`, `node:test timeout`, `npm EUSAGE`,
 * `node ERR_MODULE_NOT_FOUND`, `service crash`, `specforge E3002`, `text`.
 * The class is a function of the normalised text and the finding's code, so
 * two outputs with the same signature always have the same class.
 */

const TSC_ERROR = /\berror (TS\d{4,5}):/;
const NODE_TEST_FAILURE = /^(?:not ok <n> - <test>|✖ <test>|failureType: )/m;
const NODE_TEST_TIMEOUT = /'testTimeoutFailure'|\btest timed out after\b/;
const ASSERTION = /\bERR_ASSERTION\b|\bAssertionError\b/;
const NPM_ERROR_CODE = /^npm error code (\S+)/m;
const NPM_ERROR = /^npm error\b/m;
/** `Error [ERR_MODULE_NOT_FOUND]: …` */
const BRACKETED_CODE = /\b\w*Error \[([A-Z][A-Z0-9_]+)\]/;
/** `code: 'EADDRINUSE'` in an error's printed properties. */
const PROPERTY_CODE = /^code: '([A-Z][A-Z0-9_]+)'/m;
/** `Error: listen EADDRINUSE: …`, `[cause]: Error: connect ECONNREFUSED <address>` */
const MESSAGE_ERRNO = /^(?:\[cause\]: )?\w*Error: (?:\w+ )?(E[A-Z]{3,})\b/m;
/** The last line Node prints when a process dies of an uncaught exception. */
const CRASH_TRAILER = /^Node\.js <version>$/m;
/** Codes every node:test failure carries, which say nothing about the cause. */
const TEST_RUNNER_CODES = new Set(["ERR_TEST_FAILURE"]);
/** The finding code for a service that exited before answering. */
const SERVICE_EXITED_CODE = "E2001";

export function classifyError(normalized: string, code?: string | null): string {
  const tsc = TSC_ERROR.exec(normalized);
  if (tsc) return `tsc ${tsc[1]}`;

  if (NODE_TEST_FAILURE.test(normalized)) {
    if (NODE_TEST_TIMEOUT.test(normalized)) return "node:test timeout";
    if (ASSERTION.test(normalized)) return "node:test assertion";
    const errorCode = nodeErrorCode(normalized);
    return errorCode ? `node:test ${errorCode}` : "node:test failure";
  }

  const npm = NPM_ERROR_CODE.exec(normalized);
  if (npm) return /^[A-Z]/.test(npm[1] ?? "") ? `npm ${npm[1]}` : "npm error";
  if (NPM_ERROR.test(normalized)) return "npm error";

  const errorCode = nodeErrorCode(normalized);
  if (errorCode) return `node ${errorCode}`;
  if (CRASH_TRAILER.test(normalized) || code === SERVICE_EXITED_CODE) return "service crash";
  return code ? `specforge ${code}` : "text";
}

function nodeErrorCode(normalized: string): string | undefined {
  for (const pattern of [BRACKETED_CODE, PROPERTY_CODE, MESSAGE_ERRNO]) {
    const found = pattern.exec(normalized)?.[1];
    if (found && !TEST_RUNNER_CODES.has(found)) return found;
  }
  return undefined;
}
