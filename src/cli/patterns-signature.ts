import { readFile } from "node:fs/promises";
import { computeSignature } from "../learn/compute-signature.js";

export interface PatternsSignatureOptions {
  json: boolean;
}

export interface PatternsSignatureIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** One line of `--json` output. */
export interface FileSignature {
  file: string;
  id: string;
  class: string;
  normalized: string;
}

const EXIT_OK = 0;
const EXIT_UNREADABLE = 2;

/**
 * `specforge patterns signature <FILE…> [--json]`: each file's pattern id,
 * error class and the normalised text the id was computed from, by the same
 * `computeSignature` the pipeline learns with. Files that can be read are
 * printed even when another cannot; an unreadable file is named on stderr and
 * the exit code is 2.
 *
 * Human output, per file:
 * ```
 * tsc.log: 5246fccf347d9952  tsc TS2322
 *     <path>: error TS2322: Type <q> is not assignable to type <q>.
 * ```
 */
export async function runPatternsSignature(files: readonly string[], options: PatternsSignatureOptions, io: PatternsSignatureIo): Promise<number> {
  const results: FileSignature[] = [];
  let exitCode = EXIT_OK;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      io.stderr.write(`specforge: cannot read ${file}: ${describeReadError(error)}\n`);
      exitCode = EXIT_UNREADABLE;
      continue;
    }
    const signature = computeSignature({ text });
    results.push({ file, id: signature.id, class: signature.class, normalized: signature.normalized });
  }
  io.stdout.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : results.map(formatFileSignature).join(""));
  return exitCode;
}

function formatFileSignature(result: FileSignature): string {
  const body = result.normalized === "" ? "    (no error text)" : result.normalized.replace(/^/gm, "    ");
  return `${result.file}: ${result.id}  ${result.class}\n${body}\n`;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
};

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && READ_ERRORS[code]) ?? (error as Error).message;
}
