import type { ReleaseStore } from "../deploy/release-store.js";
import type { Release, ReleaseStatus } from "../deploy/types.js";
import type { GitHubClient } from "./create-octokit.js";
import type { DeploymentPayload } from "./deployments.js";
import type { RepoRef } from "./types.js";

export interface GitHubReleaseStoreOptions extends RepoRef {
  environment: string;
  /** The SPEC whose deployments are the releases (each Deployment's payload names it). */
  specPath: string;
  /** Makes an earlier release's commit ready to deploy again (its files checked out and built); gives the folder. */
  materialize: (release: Release) => Promise<string>;
  /** How many of the environment's latest deployments to read. */
  depth?: number;
}

/** A release's id in GitHub: its commit, shortened as people read it. */
export function releaseIdOf(ref: string): string {
  return ref.slice(0, 12);
}

/**
 * Releases as GitHub keeps them: each Deployment of the service in the
 * environment is a release of its commit (on `specforge/<service>`), healthy
 * once a status said success. Nothing is stored on the runner: a rollback on
 * a fresh runner finds the last healthy release in GitHub, checks its commit
 * out and deploys it again. Statuses are written by the deployments
 * publisher; this store only reads them.
 */
export function createGitHubReleaseStore(octokit: GitHubClient, options: GitHubReleaseStoreOptions): ReleaseStore {
  const local = new Map<string, { release: Release; dir: string }>();
  const overrides = new Map<string, Partial<Release>>();
  /** Oldest first: every deployment read, and one entry per release (its newest deployment). */
  let cached: { all: Array<{ release: Release; rollback: string }>; releases: Array<{ release: Release; rollback: string }> } | null = null;

  const read = async () => {
    if (cached) return cached;
    const { data } = await octokit.rest.repos.listDeployments({ owner: options.owner, repo: options.repo, environment: options.environment, per_page: options.depth ?? 30 });
    const ours = data.filter((d) => (d.payload as Partial<DeploymentPayload> | null)?.specforge?.specPath === options.specPath);
    const withStatus = await Promise.all(
      ours.map(async (d) => {
        const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({ owner: options.owner, repo: options.repo, deployment_id: d.id, per_page: 1 });
        const latest = statuses[0];
        const payload = (d.payload as Partial<DeploymentPayload>).specforge;
        const release: Release = {
          id: releaseIdOf(d.sha),
          service: payload?.service ?? "",
          version: payload?.version ?? "",
          ref: d.sha,
          filesHash: "",
          createdAt: d.created_at,
          status: toStatus(latest?.state),
          ...(latest?.environment_url ? { url: latest.environment_url } : {}),
          deployedAt: latest?.created_at ?? d.created_at,
        };
        return { release, rollback: payload?.rollback ?? "" };
      }),
    );
    // GitHub lists the newest first; a commit deployed again keeps its newest state.
    const byRelease = new Map<string, { release: Release; rollback: string }>();
    for (const entry of withStatus) if (!byRelease.has(entry.release.id)) byRelease.set(entry.release.id, entry);
    const all = [...withStatus].reverse();
    cached = { all, releases: all.filter((e) => byRelease.get(e.release.id) === e) };
    return cached;
  };
  const withOverrides = (release: Release): Release => ({ ...release, ...overrides.get(release.id) });

  return {
    root: `${options.owner}/${options.repo} deployments (${options.environment})`,
    async list() {
      const known = (await read()).releases.map((e) => withOverrides(e.release)).filter((r) => !local.has(r.id));
      return [...known, ...[...local.values()].map((l) => withOverrides(l.release))];
    },
    async get(id) {
      return (await this.list()).find((r) => r.id === id) ?? null;
    },
    async materialize(id) {
      const mine = local.get(id);
      if (mine) return mine.dir;
      const release = await this.get(id);
      if (!release) throw new Error(`there is no release ${id} in ${options.environment}`);
      return options.materialize(release);
    },
    async create(serviceDir, meta) {
      // The build on the runner is the release of the commit it was pushed as: no copy needed.
      const release: Release = { id: releaseIdOf(meta.ref), ...meta, createdAt: new Date().toISOString(), status: "pending" };
      local.set(release.id, { release, dir: serviceDir });
      return release;
    },
    async update(id, fields) {
      overrides.set(id, { ...overrides.get(id), ...fields });
      const release = await this.get(id);
      if (!release) throw new Error(`there is no release ${id}`);
      return release;
    },
    async current() {
      const releases = await this.list();
      return [...releases].reverse().find((r) => r.status === "healthy") ?? null;
    },
    // Which release runs is what GitHub's statuses say; nothing to write.
    async setCurrent() {},
    /** Automatic rollbacks since the last release that was deployed (not restored) and ran healthy. */
    async autoRollbacksInARow() {
      let count = 0;
      for (const entry of [...(await read()).all].reverse()) {
        if (entry.rollback === "automatic") count++;
        else if (entry.rollback === "" && entry.release.status === "healthy") break;
      }
      return count;
    },
    async setAutoRollbacksInARow() {},
  };
}

function toStatus(state: string | undefined): ReleaseStatus {
  if (state === "success" || state === "inactive") return "healthy";
  if (state === "failure" || state === "error") return "unhealthy";
  return "pending";
}
