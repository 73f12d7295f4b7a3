import { writeFile } from "node:fs/promises";
import { formatFinding, hasErrors } from "../core/findings.js";
import { analyzeSpecFile } from "../spec/analyze-spec-file.js";
import { toContract } from "../spec/to-contract.js";
import { toOpenApiText } from "../spec/to-openapi.js";
import { EXIT, type CliIo } from "./io.js";

/** `specforge contract SPEC [--out FILE]`: the contract a service for the SPEC honours, as an OpenAPI 3.1 document (stdout by default). */
export async function contractCommand(spec: string, options: { out?: string }, io: CliIo): Promise<number> {
  const analyzed = await analyzeSpecFile(spec);
  if (hasErrors(analyzed.findings)) {
    for (const f of analyzed.findings.filter((f) => f.severity === "error")) io.stderr.write(formatFinding(f) + "\n");
    return EXIT.notVerified;
  }
  const text = toOpenApiText(toContract(analyzed.spec), analyzed.spec);
  if (!options.out) {
    io.stdout.write(text);
    return EXIT.verified;
  }
  await writeFile(options.out, text);
  io.stderr.write(`${options.out}: OpenAPI 3.1 for ${analyzed.spec.name} ${analyzed.spec.version}\n`);
  return EXIT.verified;
}
