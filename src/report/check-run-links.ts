/** "### Check runs" with a link to each phase's check run, or nothing when none was published. */
export function checkRunLinks(urls: Partial<Record<string, string>>): string[] {
  const links = Object.entries(urls).filter(([, url]) => url);
  return links.length > 0 ? ["", "### Check runs", "", ...links.map(([phase, url]) => `- [${phase}](${url})`)] : [];
}
