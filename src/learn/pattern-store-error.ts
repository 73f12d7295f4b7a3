import { UsageError } from "../core/usage-error.js";

/**
 * A pattern store that cannot be used as it is: a file that is not valid JSON
 * or not a valid store, or a lock that could not be had. The file named is
 * never overwritten; the message says where and what is wrong.
 */
export class PatternStoreError extends UsageError {
  override readonly name = "PatternStoreError";

  constructor(
    /** The file at fault (`patterns.json`, or the lock file). */
    readonly file: string,
    /** Each problem found, in file order. */
    readonly problems: readonly string[],
    advice = "fix or remove it; it was left untouched",
  ) {
    super(`${file}: ${problems.join("; ")}${advice ? ` (${advice})` : ""}`);
  }
}
