import type { Finding } from "../core/findings.js";

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
