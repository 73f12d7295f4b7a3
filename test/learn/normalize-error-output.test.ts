import { describe, expect, it } from "vitest";
import { MAX_LINE_LENGTH, MAX_LINES, normalizeErrorOutput } from "../../src/learn/normalize-error-output.js";

describe("normalizeErrorOutput replaces what differs between runs", () => {
  it("strips ANSI colour codes", () => {
    expect(normalizeErrorOutput("\x1b[31mError:\x1b[0m \x1b[1mboom\x1b[22m")).toBe("Error: boom");
  });

  it("replaces absolute paths, file URLs and Windows paths", () => {
    expect(normalizeErrorOutput("open /home/alice/svc/dist/server.js from file:///tmp/x-1/main.mjs:3:9 or C:\\Users\\bob\\svc\\log.txt")).toBe(
      "open <path> from <path> or <path>",
    );
  });

  it("replaces relative paths with a folder and file names with a location, and keeps bare file names", () => {
    expect(normalizeErrorOutput("src/handlers.ts(12,5): in ./lib/helper.js and test at app.test.js:3:1; see package.json, res.json is not a function")).toBe(
      "<path>(<n>,<n>): in <path> and test at <path>:<n>:<n>; see package.json, res.json is not a function",
    );
  });

  it("replaces ISO timestamps and times of day", () => {
    expect(normalizeErrorOutput("started 2025-11-22T02:38:50.738Z, retried 2025-11-22 02:39:01, again at 02:40:00")).toBe("started <time>, retried <time>, again at <time>");
  });

  it("replaces durations written with their unit", () => {
    expect(normalizeErrorOutput("took 12ms (1.234s), then 2 seconds and 3.5 s")).toBe("took <duration> (<duration>), then <duration> and <duration>");
  });

  it("replaces UUIDs, hex hashes, integrity hashes and random ids", () => {
    expect(normalizeErrorOutput("request 123e4567-e89b-12d3-a456-426614174000 commit 9f8e7d6c5b4a sha512-AbC+/dEf== at 0x1f for build b_01HZX3K9QW7Y2M3")).toBe(
      "request <uuid> commit <hex> <hash> at <hex> for build <id>",
    );
  });

  it("replaces pids, errno values and other numbers", () => {
    expect(normalizeErrorOutput("pid 48213 errno -98 retry 3 of 5")).toBe("pid <n> errno -<n> retry <n> of <n>");
  });

  it("replaces local addresses with their port, IPv4 and IPv6 alike", () => {
    expect(normalizeErrorOutput("in use :::4321, 127.0.0.1:5678, [::1]:80, localhost:3000, port: 4321")).toBe("in use <address>, <address>, <address>, <address>, port: <n>");
  });

  it("replaces the host and ids of a URL and keeps its route", () => {
    expect(normalizeErrorOutput("fetch http://127.0.0.1:4321/builds/42/status?page=2 and https://registry.npmjs.org:443/left-pad")).toBe(
      "fetch http://<address>/builds/<n>/status?page=<n> and https://registry.npmjs.org/left-pad",
    );
  });

  it("keeps an endpoint's method and route and replaces the ids in it", () => {
    expect(normalizeErrorOutput("GET /builds/17/status and DELETE /builds/123e4567-e89b-12d3-a456-426614174000")).toBe("GET /builds/<n>/status and DELETE /builds/<uuid>");
  });

  it("replaces package specs and versions", () => {
    expect(normalizeErrorOutput("Missing: left-pad@1.3.0 from lock file, wants @scope/pkg@^2.0.0 on Node.js v20.20.2")).toBe(
      "Missing: <package> from lock file, wants <package> on Node.js <version>",
    );
  });

  it("replaces quoted values but keeps apostrophes inside words", () => {
    expect(normalizeErrorOutput(`Type 'string' is not assignable to type "Foo"; the lock file's entry can't be read`)).toBe(
      "Type <q> is not assignable to type <q>; the lock file's entry can't be read",
    );
  });

  it("replaces test names in TAP and spec reporter lines", () => {
    expect(normalizeErrorOutput("not ok 3 - creates a build\n✖ answers GET /health (12.5ms)")).toBe("not ok <n> - <test>\n✖ <test>");
  });

  it("normalises a TAP error message written as a quoted value", () => {
    expect(normalizeErrorOutput("  error: 'test timed out after 50ms'")).toBe("error: test timed out after <duration>");
  });
});

describe("normalizeErrorOutput keeps what tells causes apart", () => {
  it("keeps error codes", () => {
    expect(normalizeErrorOutput("E2004: error TS2322 ERR_MODULE_NOT_FOUND listen EADDRINUSE, Float64Array")).toBe("E2004: error TS2322 ERR_MODULE_NOT_FOUND listen EADDRINUSE, Float64Array");
  });

  it("keeps quoted error codes and error type names", () => {
    expect(normalizeErrorOutput("code: 'ERR_ASSERTION' name: 'AssertionError' failureType: 'testTimeoutFailure' code: 'EADDRINUSE'")).toBe(
      "code: 'ERR_ASSERTION' name: 'AssertionError' failureType: 'testTimeoutFailure' code: 'EADDRINUSE'",
    );
  });

  it("keeps an HTTP status after the words that announce one", () => {
    expect(normalizeErrorOutput("GET /x: expected a 2xx status, got 500; HTTP 400 after 120 ms")).toBe("GET /x: expected a 2xx status, got 500; HTTP 400 after <duration>");
  });

  it("gives tsc's plain and --pretty locations one form", () => {
    expect(normalizeErrorOutput("a.ts(1,7): error TS2322: x")).toBe(normalizeErrorOutput("a.ts:1:7 - error TS2322: x"));
  });
});

describe("normalizeErrorOutput drops lines that carry no cause", () => {
  it("drops stack frames, the last one included", () => {
    expect(normalizeErrorOutput("Error: boom\n    at main (file:///x/a.js:1:2)\n    at node:internal/main:28:49 {\n  code: 'EBOOM'\n}")).toBe("Error: boom\ncode: 'EBOOM'");
  });

  it("drops a code frame with its location line", () => {
    expect(normalizeErrorOutput("before\nfile:///tmp/a.mjs:4\n  res.end(body.user.name);\n                    ^\n\nTypeError: x")).toBe("before\nTypeError: x");
  });

  it("drops the stack block of a TAP failure", () => {
    expect(normalizeErrorOutput("  code: 'ERR_ASSERTION'\n  stack: |-\n    TestContext.<anonymous> (file:///x.mjs:4:10)\n    Test.run (node:internal/test_runner/test:796:25)\n  operator: 'strictEqual'")).toBe(
      "code: 'ERR_ASSERTION'\noperator: <q>",
    );
  });

  it("drops passing tests and the test runner's counters", () => {
    expect(normalizeErrorOutput("TAP version 13\n# Subtest: a\nok 1 - a\n  ---\n  duration_ms: 1.2\n  ...\n1..1\n# pass 1\n# duration_ms 5.1\n✔ b (1ms)\nℹ tests 2")).toBe("");
  });

  it("drops npm warnings, npm's usage text and its log file line, and reads npm ERR! as npm error", () => {
    const output = [
      'npm warn Unknown user config "nodedir".',
      "npm ERR! code EUSAGE",
      "npm error",
      "npm error Usage:",
      "npm error npm ci",
      "npm error   --omit",
      'npm error Run "npm help ci" for more info',
      "npm error A complete log of this run can be found in: /root/.npm/_logs/2025-11-22T02_38_51_183Z-debug-0.log",
    ].join("\n");
    expect(normalizeErrorOutput(output)).toBe("npm error code EUSAGE\nnpm error Run <q> for more info");
  });

  it("drops tsc's error count", () => {
    expect(normalizeErrorOutput("a.ts(1,7): error TS2322: x\n\nFound 1 error in a.ts:1")).toBe("<path>: error TS2322: x");
  });

  it("keeps only the crash report of a crashed Node process, not what it printed before", () => {
    const output = "listening on 4321\nGET /health 200\nfile:///srv/app.mjs:4\n  res.end(body.user.name);\n  ^\n\nTypeError: x\n    at f (file:///srv/app.mjs:4:3)\n\nNode.js v20.20.2";
    expect(normalizeErrorOutput(output)).toBe("TypeError: x\nNode.js <version>");
  });

  it("keeps a repeated line once", () => {
    expect(normalizeErrorOutput("a.ts(1,7): error TS2322: x\nb.ts(9,1): error TS2322: x\nc.ts(2,2): error TS2339: y")).toBe("<path>: error TS2322: x\n<path>: error TS2339: y");
  });

  it(`keeps at most ${MAX_LINES} lines of ${MAX_LINE_LENGTH} characters`, () => {
    const lines = Array.from({ length: MAX_LINES + 5 }, (_, i) => `line ${"abcdefghijklmnopqrstuvwxyz"[i % 26]}${"z".repeat(i)} ${"x".repeat(MAX_LINE_LENGTH)}`);
    const normalized = normalizeErrorOutput(lines.join("\n")).split("\n");
    expect([normalized.length, Math.max(...normalized.map((line) => line.length))]).toEqual([MAX_LINES, MAX_LINE_LENGTH]);
  });
});
