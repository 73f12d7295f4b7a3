import { readFile } from "node:fs/promises";
import { UsageError } from "../core/usage-error.js";
import { assessSpecChange } from "../risk/assess-spec-change.js";
import { EXIT, type CliIo } from "./io.js";

/** `specforge diff OLD NEW`: the risk grade of the change, with a reason and a SPEC line per change. */
export async function diffCommand(oldFile: string, newFile: string, options: { json?: boolean }, io: CliIo): Promise<number> {
  const read = (file: string) =>
    readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${error.code === "ENOENT" ? "file not found" : error.message}`);
    });
  const [before, after] = await Promise.all([read(oldFile), read(newFile)]);
  const assessment = assessSpecChange({ text: before, file: oldFile }, { text: after, file: newFile });
  if (options.json) {
    const changes = assessment.changes.map((c) => ({ ...c, file: c.side === "old" ? oldFile : newFile }));
    io.stdout.write(JSON.stringify({ grade: assessment.grade, reasons: assessment.reasons, changes }, null, 2) + "\n");
  } else {
    io.stdout.write(`risk: ${assessment.grade}\n`);
    for (const change of assessment.changes) {
      io.stdout.write(`${change.side === "old" ? oldFile : newFile}:${change.line}: ${change.breaking ? "breaking" : "additive"}: ${change.message}\n`);
    }
    if (assessment.changes.length === 0) io.stdout.write(`${assessment.reasons[0]}\n`);
  }
  return EXIT.verified;
}
