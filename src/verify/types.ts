import type { Finding } from "../core/findings.js";
import type { ExpectationSource } from "../spec/json-schema.js";

/**
 * What one check of an endpoint looks at: `status` (a 2xx answer), `shape`
 * (the documented example's keys and JSON types), `schema` (the JSON Schema),
 * `not-found` (404 for an unknown id), `invalid-body` (4xx for a body that is
 * not one), `fuzz` (no 5xx or hang for generated requests).
 */
export type CheckKind = "status" | "shape" | "schema" | "not-found" | "invalid-body" | "fuzz";

export interface EndpointCheck {
  kind: CheckKind;
  ok: boolean;
  /** One line: what was checked and what came back ("expected …, got …" when it failed). */
  detail: string;
  /** Whether the SPEC states the expectation or specforge inferred it. */
  source: ExpectationSource;
}

/** Which checks beyond the status and shape run, and how hard the generated requests push. */
export interface VerifyChecks {
  /** Responses against the contract's JSON Schemas. */
  schema: boolean;
  /** 404 for an unknown id, 4xx for an invalid body. */
  negative: boolean;
  /** Generated requests per endpoint; 0 turns the fuzz check off. */
  fuzzRuns: number;
  /** Seeds the generated requests: the same seed sends the same requests. */
  fuzzSeed: number;
  /** How long one generated request may take before it counts as a hang. */
  fuzzTimeoutMs: number;
}

/** Generated requests per endpoint when nothing says otherwise, and the most one may ask for. */
export const DEFAULT_FUZZ_RUNS = 50;
export const MAX_FUZZ_RUNS = 1_000;

export const DEFAULT_VERIFY_CHECKS: VerifyChecks = { schema: true, negative: true, fuzzRuns: DEFAULT_FUZZ_RUNS, fuzzSeed: 1_337, fuzzTimeoutMs: 2_000 };

/** Only the baseline: status and shape. */
export const SHAPE_ONLY_CHECKS: VerifyChecks = { ...DEFAULT_VERIFY_CHECKS, schema: false, negative: false, fuzzRuns: 0 };

/** The verdict on one endpoint, as the CLI, the check run and `--json` show it. */
export interface EndpointResult {
  method: string;
  path: string;
  verified: boolean;
  /** One line: what came back, or what was wrong. */
  detail: string;
  /** SPEC line of the endpoint; 0 for a UDC endpoint the SPEC leaves out. */
  line: number;
  status?: number;
  /** Every check made of the endpoint, passed or failed; the endpoint is verified when all passed. */
  checks: EndpointCheck[];
}

export interface StepResult {
  name: string;
  ok: boolean;
  durationMs: number;
}

export interface BuildResult {
  ok: boolean;
  steps: StepResult[];
  findings: Finding[];
}

export interface VerifyResult {
  ok: boolean;
  endpoints: EndpointResult[];
  findings: Finding[];
}
