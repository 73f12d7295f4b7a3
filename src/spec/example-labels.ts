import type { ExampleRole } from "./parse-example-block.js";
import type { ExampleLabel } from "./notations/index.js";

/** `**Input:**`, `#### Response`, `Request parameters`: which example a label announces. */
export function roleFromLabel(label: string): ExampleRole | null {
  const l = label.trim().toLowerCase();
  if (/^(?:example\s+)?(?:request|input|accepts|body|payload|request body)\b/.test(l)) return "request";
  if (/^(?:example\s+)?(?:response|output|returns?|result|response body)\b/.test(l)) return "response";
  return null;
}

/** A heading under an endpoint: "Response", "Request", or a status: `##### 200 OK` announces the response, `##### 404 Not Found` an error to leave out. */
export function labelFromHeading(text: string): ExampleLabel | null {
  const status = /^(\d{3})\b/.exec(text.trim());
  if (status) return Number(status[1]) >= 200 && Number(status[1]) < 300 ? "response" : "ignored";
  return roleFromLabel(text);
}

/** A paragraph line that is only a label: "Request", "Example response:", "Response (200 OK):". */
export function labelOfLine(line: string): ExampleRole | null {
  const bare = line
    .replace(/^\s*(?:[-*+]\s+)?/, "")
    .replace(/\*\*|__|`/g, "")
    .trim();
  const m = /^(?:example\s+)?(request|response|input|output|payload|body|returns?|result)(?:\s+(?:body|payload|example|json))?\s*(?:\([^)]*\))?\s*:?$/i.exec(bare);
  return m ? roleFromLabel(m[1] as string) : null;
}
