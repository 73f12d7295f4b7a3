import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { ContractEndpoint } from "../../src/spec/to-contract.js";
import { fuzzEndpoint, type FuzzProbe } from "../../src/verify/fuzz-endpoint.js";
import type { HttpRequest, SendRequest } from "../../src/verify/send-request.js";

const getItem: ContractEndpoint = {
  key: "GET /items/{id}",
  method: "GET",
  path: "/items/{id}",
  pathParams: ["id"],
  summary: "",
  line: 1,
  role: "read",
  requiredFields: [],
  response: { kind: "none" },
  events: [],
  query: {},
  exampleSource: "spec",
};

const probe = (send: SendRequest, runs = 40): FuzzProbe => ({ send, baseUrl: "http://service", pathValues: {}, runs, seed: 7, timeoutMs: 500, timeLimitMs: 10_000 });

/** A service that fails every request whose path has an even length, answering after a delay that `delayOf` picks. */
function evenLengthFails(delayOf: (n: number) => number): { send: SendRequest; urls: string[]; maxInFlight: () => number } {
  const urls: string[] = [];
  let inFlight = 0;
  let most = 0;
  const send: SendRequest = async (request: HttpRequest) => {
    urls.push(request.url);
    inFlight++;
    most = Math.max(most, inFlight);
    await sleep(delayOf(urls.length));
    inFlight--;
    return request.url.length % 2 === 0 ? { status: 500, text: "boom", contentType: "application/json" } : { status: 200, text: "{}", contentType: "application/json" };
  };
  return { send, urls, maxInFlight: () => most };
}

describe("fuzzEndpoint", () => {
  it("reports the first failing request in drawing order, whichever answer comes back first", async () => {
    const fast = await fuzzEndpoint(getItem, probe(evenLengthFails(() => 1).send));
    // Later requests answer first: the reported failure must not depend on it.
    const reversed = await fuzzEndpoint(getItem, probe(evenLengthFails((n) => 40 - n).send));
    expect(fast?.ok).toBe(false);
    expect(reversed?.detail).toBe(fast?.detail);
  });

  it("sends the same requests for the same seed, several at once", async () => {
    const first = evenLengthFails(() => 2);
    const second = evenLengthFails(() => 2);
    const allPass: SendRequest = async (request) => {
      await first.send(request);
      return { status: 200, text: "{}", contentType: "application/json" };
    };
    const allPassAgain: SendRequest = async (request) => {
      await second.send(request);
      return { status: 200, text: "{}", contentType: "application/json" };
    };
    const result = await fuzzEndpoint(getItem, probe(allPass));
    await fuzzEndpoint(getItem, probe(allPassAgain));
    expect(result).toMatchObject({ ok: true, detail: expect.stringMatching(/^40 generated requests, none answered 5xx or hung \(seed -?\d+\)$/) });
    expect(second.urls).toEqual(first.urls);
    expect(first.maxInFlight()).toBeGreaterThan(1);
  });
});
