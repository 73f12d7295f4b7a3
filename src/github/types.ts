export interface RepoRef {
  owner: string;
  repo: string;
}

export function parseRepository(fullName: string): RepoRef {
  const [owner, repo, ...rest] = fullName.split("/");
  if (!owner || !repo || rest.length > 0) throw new Error(`"${fullName}" is not an owner/repo name`);
  return { owner, repo };
}
