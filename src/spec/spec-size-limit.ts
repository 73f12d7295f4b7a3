import { ErrorCode } from "../core/error-codes.js";
import type { Finding } from "../core/findings.js";

/**
 * The largest SPEC the analyzer reads: 2 MiB. Analysis time grows linearly with
 * the SPEC, so this bounds it (a few seconds); a SPEC this large is almost
 * certainly not one service, and a bigger file is refused rather than worked on.
 */
export const MAX_SPEC_BYTES = 2 * 1024 * 1024;

/** An E1004 error (the seed has no code of its own for this) when `size` bytes is over the limit; null when the SPEC may be read. */
export function sizeFinding(size: number, file: string): Finding | null {
  if (size <= MAX_SPEC_BYTES) return null;
  return {
    code: ErrorCode.DocInvalidFormat,
    severity: "error",
    message: `the SPEC is ${formatBytes(size)}, over the analyzer's limit of ${formatBytes(MAX_SPEC_BYTES)}: split it into one SPEC per service`,
    file,
    line: 1,
  };
}

/** The same check on text already read (UTF-8 bytes, as on disk). */
export function checkSpecSize(text: string, file: string): Finding | null {
  // Every UTF-16 unit is at most 3 UTF-8 bytes: short texts need no counting.
  if (text.length * 3 <= MAX_SPEC_BYTES) return null;
  return sizeFinding(Buffer.byteLength(text, "utf8"), file);
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${mib.toFixed(1)} MiB (${bytes} bytes)` : `${Math.ceil(bytes / 1024)} KiB (${bytes} bytes)`;
}
