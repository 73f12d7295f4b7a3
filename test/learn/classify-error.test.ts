import { describe, expect, it } from "vitest";
import { classifyError } from "../../src/learn/classify-error.js";

describe("classifyError", () => {
  it.each([
    ["a tsc error by its code", "<path>: error TS2322: Type <q> is not assignable to type <q>.", undefined, "tsc TS2322"],
    ["a node:test timeout", "not ok <n> - <test>\nfailureType: 'testTimeoutFailure'\nerror: test timed out after <duration>\ncode: 'ERR_TEST_FAILURE'", undefined, "node:test timeout"],
    ["a node:test assertion", "not ok <n> - <test>\nfailureType: 'testCodeFailure'\ncode: 'ERR_ASSERTION'", undefined, "node:test assertion"],
    ["a node:test failure by the error's code", "✖ <test>\nError: connect ECONNREFUSED <address>\ncode: 'ECONNREFUSED'", undefined, "node:test ECONNREFUSED"],
    ["a node:test failure with no code", "not ok <n> - <test>\nfailureType: 'testCodeFailure'\nerror: boom\ncode: 'ERR_TEST_FAILURE'", undefined, "node:test failure"],
    ["an npm error by its code", "npm error code EUSAGE\nnpm error Missing: <package> from lock file", undefined, "npm EUSAGE"],
    ["an npm error with a numeric code", "npm error code <n>\nnpm error command failed", undefined, "npm error"],
    ["a node error by its bracketed code", "Error [ERR_MODULE_NOT_FOUND]: Cannot find module <q> imported from <path>", undefined, "node ERR_MODULE_NOT_FOUND"],
    ["a node error by its code property", "Error: boom\ncode: 'ENOENT',", undefined, "node ENOENT"],
    ["a node error by the errno in its message", "Error: listen EADDRINUSE: address already in use <address>", undefined, "node EADDRINUSE"],
    ["a refused connection behind fetch failed", "TypeError: fetch failed\n[cause]: Error: connect ECONNREFUSED <address>", undefined, "node ECONNREFUSED"],
    ["a crash with no code", "TypeError: Cannot read properties of undefined (reading <q>)\nNode.js <version>", undefined, "service crash"],
    ["a service that exited before answering", "the service exited with code <n>", "E2001", "service crash"],
    ["a finding by its code", "GET /x: expected a 2xx status, got 500", "E3004", "specforge E3004"],
    ["anything else as text", "something went wrong", undefined, "text"],
  ])("names %s", (_behaviour, normalized, code, expected) => {
    expect(classifyError(normalized, code)).toBe(expected);
  });
});
