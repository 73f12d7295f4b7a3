/** A link to the SPEC as it was at the built commit, at a line when there is one (GitHub's blob URLs). */
export function specBlobUrl(repoUrl: string, sha: string, specPath: string, line?: number): string {
  return `${repoUrl}/blob/${sha}/${specPath.split("/").map(encodeURIComponent).join("/")}${line ? `#L${line}` : ""}`;
}
