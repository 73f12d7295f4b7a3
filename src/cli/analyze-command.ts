import { formatFinding, hasErrors } from "../core/findings.js";
import { analyzeSpecFile } from "../spec/analyze-spec-file.js";
import { EXIT, type CliIo } from "./io.js";

/** `specforge analyze`: parse and lint; `path:line: CODE message` per finding, or the model as JSON. */
export async function analyzeCommand(spec: string, options: { json?: boolean }, io: CliIo): Promise<number> {
  const result = await analyzeSpecFile(spec);
  if (options.json) io.stdout.write(JSON.stringify({ spec: result.spec, findings: result.findings }, null, 2) + "\n");
  else {
    for (const f of result.findings) io.stdout.write(formatFinding(f) + "\n");
    const errors = result.findings.filter((f) => f.severity === "error").length;
    io.stderr.write(`${result.spec.name}: ${result.spec.endpoints.length} endpoints, ${errors} errors, ${result.findings.length - errors} warnings\n`);
  }
  return hasErrors(result.findings) ? EXIT.notVerified : EXIT.verified;
}
