/** Exit codes: one meaning each. */
export const EXIT = { verified: 0, notVerified: 1, usage: 2, interrupted: 130 } as const;

export interface Writable {
  write(text: string): void;
}

/** What a command may touch of the terminal and the process; tests pass one in memory. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Registers a Ctrl-C handler; returns a function that removes it. */
  onInterrupt: (handler: () => void) => () => void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    onInterrupt: (handler) => {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
  };
}
