/**
 * A mistake in what the user gave (a flag, a configuration file, a generator
 * name) that they can fix: adapters report its message as it is (the CLI
 * exits 2) instead of as a crash.
 */
export class UsageError extends Error {}
