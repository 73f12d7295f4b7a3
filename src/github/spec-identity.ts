import { hashText } from "../pipeline/checkpoint.js";
import { toServiceName } from "../spec/to-service-name.js";

/** Short, stable key of a SPEC path: tells one SPEC's check runs from another's on the same commit. */
export function specKeyOf(specPath: string): string {
  return hashText(specPath).slice(0, 8);
}

/** The service a SPEC path stands for before the SPEC is read: its folder's name. */
export function serviceFromPath(specPath: string): string {
  return toServiceName(undefined, "", specPath);
}

const MARKER = /<!-- specforge:spec=(\S+) sha=([0-9a-f]{7,64}) -->/;

/** Hidden in a pull request's body: which SPEC and commit the pull request was built from. */
export function toSpecMarker(specPath: string, sha: string): string {
  return `<!-- specforge:spec=${encodeURI(specPath)} sha=${sha} -->`;
}

export function parseSpecMarker(body: string | null | undefined): { specPath: string; sha: string } | null {
  const m = MARKER.exec(body ?? "");
  if (!m) return null;
  try {
    return { specPath: decodeURI(m[1] as string), sha: m[2] as string };
  } catch {
    return null;
  }
}
