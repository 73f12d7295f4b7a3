import type { Contract, ContractEndpoint } from "../spec/to-contract.js";

/** What a generated service does for each kind of endpoint: the name of its default handler. */
export const HANDLER_BY_ROLE: Readonly<Record<ContractEndpoint["role"], string>> = {
  create: "create",
  read: "read",
  list: "list",
  action: "action",
  stream: "respond",
  static: "respond",
  "udc-health": "health",
  "udc-capabilities": "capabilities",
  "udc-state": "state",
  "udc-dependencies": "dependencies",
  "udc-message": "message",
};

export type TestCheck = "endpoint" | "rejects-missing-field" | "read-back" | "stream";

export interface PlannedTest {
  /** What the test shows, in words: "POST /notes refuses a request without title". */
  name: string;
  check: TestCheck;
  key: string;
}

/**
 * The tests a generated service carries, whatever its language: one per HTTP
 * endpoint, one per endpoint with required fields, one read-back per resource
 * read, one per stream.
 */
export function planTests(contract: Contract): PlannedTest[] {
  const http = contract.endpoints.filter((e) => e.method !== "WS");
  return [
    ...http.map((e) => ({ name: `${e.key} answers as documented`, check: "endpoint" as const, key: e.key })),
    ...http
      .filter((e) => e.requiredFields.length > 0)
      .map((e) => ({ name: `${e.key} refuses a request without ${e.requiredFields[0]}`, check: "rejects-missing-field" as const, key: e.key })),
    ...http.filter((e) => e.role === "read" && e.pathParams.length === 1).map((e) => ({ name: `${e.key} reads back a created ${e.resource}`, check: "read-back" as const, key: e.key })),
    ...contract.endpoints.filter((e) => e.method === "WS").map((e) => ({ name: `${e.key} streams documented events`, check: "stream" as const, key: e.key })),
  ];
}
