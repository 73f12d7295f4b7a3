import { createHash } from "node:crypto";
import type { Finding } from "../core/findings.js";
import { classifyError } from "./classify-error.js";
import { normalizeErrorOutput } from "./normalize-error-output.js";
import type { Signature, SignatureInput } from "./types.js";

/** 64 bits: a collision among 100,000 patterns has odds of about 1 in 3 billion. */
const ID_HEX_LENGTH = 16;

/**
 * The one way a failure gets its pattern id: everything that learns from
 * failures (the pipeline, `specforge patterns signature`) calls this.
 *
 * The id is the SHA-256 of `[phase, code, endpoint, normalized]` (JSON, absent
 * parts as null), cut to 16 hex characters. The class is not hashed: it is
 * derived from the same text, and naming it better must not change ids.
 *
 * @example
 * computeSignature({ text: "Error: listen EADDRINUSE: address already in use :::4321", phase: "verify" })
 * // → { id: "…", class: "node EADDRINUSE", normalized: "Error: listen EADDRINUSE: address already in use <address>", phase: "verify", code: null, endpoint: null }
 */
export function computeSignature(input: SignatureInput): Signature {
  const normalized = normalizeErrorOutput(input.text);
  const phase = input.phase ?? null;
  const code = input.code ?? null;
  const endpoint = input.endpoint ?? null;
  const id = createHash("sha256")
    .update(JSON.stringify([phase, code, endpoint, normalized]))
    .digest("hex")
    .slice(0, ID_HEX_LENGTH);
  return { id, class: classifyError(normalized, code), normalized, phase, code, endpoint };
}

/** A finding's signature: its message, code and endpoint, in the phase that reported it. */
export function computeFindingSignature(finding: Finding, phase?: string): Signature {
  return computeSignature({ text: finding.message, code: finding.code, phase, endpoint: finding.subject });
}
