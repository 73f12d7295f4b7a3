import type { Finding } from "../core/findings.js";
import type { EndpointResult } from "../verify/types.js";
import type { PhaseName, PhaseReport, PipelineEvent } from "./types.js";

/** What a run has done so far, folded from its events: for reporters that publish as it goes. */
export interface RunLog {
  service: string;
  version: string;
  endpointCount: number;
  specHash: string;
  generator: string;
  filesHash: string;
  phases: PhaseReport[];
  findings: Array<Finding & { phase: PhaseName }>;
  endpoints: EndpointResult[];
  /** Every failed attempt, with its pattern and the strategy that followed. */
  failures: Array<Extract<PipelineEvent, { type: "attempt-failed" }>>;
}

export function emptyRunLog(): RunLog {
  return { service: "", version: "", endpointCount: 0, specHash: "", generator: "", filesHash: "", phases: [], findings: [], endpoints: [], failures: [] };
}

/** Pure: the log after one more event. */
export function foldEvent(log: RunLog, event: PipelineEvent): RunLog {
  switch (event.type) {
    case "analyzed":
      return { ...log, service: event.service, version: event.version, endpointCount: event.endpointCount, specHash: event.specHash, generator: event.generator };
    case "generated":
      return { ...log, filesHash: event.filesHash };
    case "finding":
      return { ...log, findings: [...log.findings, { ...event.finding, phase: event.phase }] };
    case "endpoint":
      return { ...log, endpoints: [...log.endpoints.filter((e) => !(e.method === event.result.method && e.path === event.result.path)), event.result] };
    case "attempt-failed":
      return { ...log, failures: [...log.failures, event] };
    case "phase-complete": {
      // A phase recovered from completes again: its latest outcome replaces the earlier one.
      const phase = { name: event.phase, status: event.status, durationMs: event.durationMs, attempts: event.attempts };
      const index = log.phases.findIndex((p) => p.name === event.phase);
      return { ...log, phases: index >= 0 ? log.phases.map((p, i) => (i === index ? phase : p)) : [...log.phases, phase] };
    }
    default:
      return log;
  }
}
