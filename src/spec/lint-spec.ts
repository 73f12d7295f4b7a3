import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";
import { endpointKey, UDC_ENDPOINTS, type Endpoint, type ServiceSpec } from "./types.js";

/** What the SPEC is missing or gets wrong, beyond what the parser could not read. */
export function lintSpec(
  spec: ServiceSpec,
  declared: { hasServiceName: boolean; hasVersion: boolean; unreadable?: ReadonlySet<Endpoint> },
): Finding[] {
  const file = spec.file;
  const findings: Finding[] = [];
  const warn = (message: string, line: number, subject?: string) =>
    findings.push({ code: ErrorCode.DocIncomplete, severity: "warning", message, file, line, ...(subject ? { subject } : {}) });

  if (spec.endpoints.length === 0) {
    findings.push({
      code: ErrorCode.DocInvalidFormat,
      severity: "error",
      message: "no endpoints found: declare each as a heading like `### GET /items/{item_id}` followed by a ```json example",
      file,
      line: 1,
    });
  }
  if (!declared.hasServiceName) warn(`no **Service Name:** line; using "${spec.name}"`, 1);
  if (!declared.hasVersion) warn(`no **Version:** line; using "${spec.version}"`, 1);

  const seen = new Map<string, number>();
  for (const e of spec.endpoints) {
    const key = endpointKey(e);
    const first = seen.get(key);
    if (first !== undefined) {
      findings.push({ code: ErrorCode.DocInvalidFormat, severity: "warning", message: `${key} is declared twice (first at line ${first}); the first declaration is used`, file, line: e.line, subject: key });
      continue;
    }
    seen.set(key, e.line);
    // An example that failed to parse is already reported (E1002) at its exact line.
    if (declared.unreadable?.has(e)) continue;
    if (e.method === "WS" && e.events.length === 0) {
      warn(`${key} has no example events: a client cannot tell what the stream sends`, e.line, key);
    } else if (!e.response) {
      warn(`${key} has no response example: its response shape cannot be checked`, e.line, key);
    }
  }

  for (const udc of UDC_ENDPOINTS) {
    if (!spec.endpoints.some((e) => e.method === udc.method && e.path === udc.path)) {
      warn(`UDC endpoint ${endpointKey(udc)} is not documented; the service answers it with the standard UDC shape`, 1, endpointKey(udc));
    }
  }
  return findings;
}
