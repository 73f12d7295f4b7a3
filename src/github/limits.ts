/** GitHub's limits on what a request may carry (REST docs); reports are cut to fit, never rejected. */
export const GITHUB_LIMITS = {
  checkRunSummary: 65_535,
  checkRunText: 65_535,
  checkRunTitle: 255,
  checkRunName: 255,
  annotationsPerRequest: 50,
  annotationMessage: 64 * 1024,
  annotationTitle: 255,
  actionsPerCheckRun: 3,
  actionLabel: 20,
  actionDescription: 40,
  actionIdentifier: 20,
  pullRequestBody: 65_536,
  pullRequestTitle: 256,
  issueCommentBody: 65_536,
} as const;

/** Cuts text to `max` characters, saying so at the end. */
export function truncate(text: string, max: number, note = "\n\n… (cut to fit GitHub's limit)"): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - note.length)) + note;
}
