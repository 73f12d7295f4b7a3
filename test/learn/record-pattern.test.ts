import { describe, expect, it } from "vitest";
import { computeSignature } from "../../src/learn/compute-signature.js";
import { findPattern, recordOccurrence, recordRecovery } from "../../src/learn/record-pattern.js";
import type { PatternStore } from "../../src/learn/types.js";

const emptyStore = (): PatternStore => ({ dir: "/patterns", patterns: new Map() });
const timeout = computeSignature({ text: "not ok 1 - a\n  failureType: 'testTimeoutFailure'\n  error: 'test timed out after 50ms'", phase: "build", code: "E3001" });
const monday = new Date("2025-01-06T10:00:00.000Z");
const tuesday = new Date("2025-01-07T10:00:00.000Z");
const wednesday = new Date("2025-01-08T10:00:00.000Z");

describe("recordOccurrence", () => {
  it("creates a pattern seen once, with the signature's text as its sample", () => {
    const store = emptyStore();
    expect(recordOccurrence(store, timeout, monday)).toEqual({
      isNew: true,
      record: {
        id: timeout.id,
        class: "node:test timeout",
        phase: "build",
        code: "E3001",
        endpoint: null,
        sample: "not ok <n> - <test>\nfailureType: 'testTimeoutFailure'\nerror: test timed out after <duration>",
        seen: 1,
        firstSeen: "2025-01-06T10:00:00.000Z",
        lastSeen: "2025-01-06T10:00:00.000Z",
        strategies: {},
      },
    });
  });

  it("counts a known pattern again and keeps its first and last time, whatever order they come in", () => {
    const store = emptyStore();
    for (const at of [tuesday, wednesday, monday]) recordOccurrence(store, timeout, at);
    expect(findPattern(store, timeout.id)).toMatchObject({ seen: 3, firstSeen: "2025-01-06T10:00:00.000Z", lastSeen: "2025-01-08T10:00:00.000Z" });
  });
});

describe("recordRecovery", () => {
  it("counts attempts and successes and averages the time of those that worked", () => {
    const store = emptyStore();
    recordOccurrence(store, timeout, monday);
    recordRecovery(store, timeout.id, { strategy: "raise-timeout", worked: true, durationMs: 1000 });
    recordRecovery(store, timeout.id, { strategy: "raise-timeout", worked: false, durationMs: 9000 });
    recordRecovery(store, timeout.id, { strategy: "raise-timeout", worked: true, durationMs: 2001 });
    expect(findPattern(store, timeout.id)?.strategies).toEqual({ "raise-timeout": { tried: 3, worked: 2, meanRecoveryMs: 1500.5 } });
  });

  it("keeps the mean at null while no attempt has worked", () => {
    const store = emptyStore();
    recordOccurrence(store, timeout, monday);
    expect(recordRecovery(store, timeout.id, { strategy: "retry", worked: false, durationMs: 10 })).toEqual({ tried: 1, worked: 0, meanRecoveryMs: null });
  });

  it("refuses a pattern that was never recorded", () => {
    expect(() => recordRecovery(emptyStore(), timeout.id, { strategy: "retry", worked: true, durationMs: 1 })).toThrow(`no pattern ${timeout.id} in /patterns: record the occurrence first`);
  });

  it.each(["__proto__", "", "two words"])("refuses the strategy name %j", (strategy) => {
    const store = emptyStore();
    recordOccurrence(store, timeout, monday);
    expect(() => recordRecovery(store, timeout.id, { strategy, worked: true, durationMs: 1 })).toThrow(`strategy name "${strategy}" must be letters, digits, _ . : - (at most 100)`);
  });

  it("keeps a strategy named like an Object method as a strategy of its own", () => {
    const store = emptyStore();
    recordOccurrence(store, timeout, monday);
    expect(recordRecovery(store, timeout.id, { strategy: "constructor", worked: false, durationMs: 1 })).toEqual({ tried: 1, worked: 0, meanRecoveryMs: null });
  });

  it("refuses a negative duration", () => {
    const store = emptyStore();
    recordOccurrence(store, timeout, monday);
    expect(() => recordRecovery(store, timeout.id, { strategy: "retry", worked: true, durationMs: -5 })).toThrow("a recovery takes 0 ms or more, not -5");
  });
});
