import type { mockGitHub, Reply } from "./github-mock.js";

interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  html_url: string;
  output: { title: string | null; summary: string | null; text: string | null };
}

/**
 * Just enough of GitHub's behaviour for the Action: check runs that can be
 * listed back by commit, and pull requests that can be found by head branch.
 */
export interface FakeGitHubOptions {
  /** The repository's `.github/specforge.yml`, or none. */
  config?: string;
  /** Collaborator roles by login; anyone else is not a collaborator (404). */
  roles?: Record<string, string>;
  /** Whether `.github/workflows/<name>` exists for dispatches. */
  workflowExists?: boolean;
  /** Files the compare API reports. */
  compareFiles?: Array<{ filename: string; status: string }>;
  /** Pull requests that already exist (for comments on them). */
  pulls?: Array<{ number: number; head: string; base?: string; html_url?: string; title?: string; body: string }>;
  /** Runs of the build workflow. */
  workflowRuns?: Array<{ id: number; status: string; display_title: string }>;
  /** Refs the commits API resolves, to their sha. */
  commits?: Record<string, string>;
  owner?: string;
}

export function fakeGitHubState(api: ReturnType<typeof mockGitHub>, repo = "/repos/octo-org/octo-repo", options: FakeGitHubOptions = {}) {
  const checkRuns = new Map<number, CheckRun>();
  const pulls: Array<{ number: number; head: string; base?: string; html_url: string; title: string; body: string }> = (options.pulls ?? []).map((p) => ({
    html_url: `https://github.com${repo.slice(6)}/pull/${p.number}`,
    title: "",
    ...p,
  }));
  const dispatches: Array<Record<string, unknown>> = [];
  const comments: string[] = [];
  const reactions = new Set<string>();
  const cancelled: number[] = [];
  const owner = options.owner ?? repo.split("/")[2] ?? "";
  let nextId = 1;
  const escaped = repo.replace(/\//g, "\\/");

  const update = (run: CheckRun, body: Record<string, unknown>) => {
    for (const key of ["name", "status", "conclusion", "external_id"] as const) if (key in body) (run as unknown as Record<string, unknown>)[key] = body[key];
    if ("conclusion" in body) run.status = "completed";
    const output = body["output"] as Partial<CheckRun["output"]> | undefined;
    if (output) run.output = { title: output.title ?? run.output.title, summary: output.summary ?? run.output.summary, text: output.text ?? run.output.text };
  };

  api
    .on("POST", /^\/app\/installations\/(\d+)\/access_tokens$/, [201, { token: "ghs_installation_token", expires_at: "2999-01-01T00:00:00Z", permissions: {}, repository_selection: "all" }])
    .on("GET", new RegExp(`^${escaped}/contents/\\.github(/|%2F)specforge\\.yml$`), (): Reply => (options.config === undefined ? [404, { message: "Not Found" }] : [200, options.config]))
    .on("GET", new RegExp(`^/repos/${owner}/\\.github/contents/`), [404, { message: "Not Found" }])
    .on("GET", new RegExp(`^${escaped}/commits/([^/]+)/check-runs$`), (r, m): Reply => {
      const name = new URL(r.path, "https://x").searchParams.get("check_name");
      const runs = [...checkRuns.values()].filter((c) => c.head_sha === m[1] && (!name || c.name === name)).reverse();
      return [200, { total_count: runs.length, check_runs: runs }];
    })
    .on("GET", new RegExp(`^${escaped}/check-runs/(\\d+)$`), (_r, m): Reply => {
      const run = checkRuns.get(Number(m[1]));
      return run ? [200, run] : [404, { message: "Not Found" }];
    })
    .on("POST", new RegExp(`^${escaped}/actions/workflows/([^/]+)/dispatches$`), (r): Reply => {
      if (options.workflowExists === false) return [404, { message: "Not Found" }];
      dispatches.push(r.body as Record<string, unknown>);
      return [204];
    })
    .on("GET", new RegExp(`^${escaped}/collaborators/([^/]+)/permission$`), (_r, m): Reply => {
      const role = options.roles?.[m[1] as string];
      if (!role) return [404, { message: "Not Found" }];
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return [200, { permission, role_name: role, user: { login: m[1] } }];
    })
    .on("POST", new RegExp(`^${escaped}/issues/comments/(\\d+)/reactions$`), (r, m): Reply => {
      const key = `${m[1]}:${(r.body as { content: string }).content}`;
      const existed = reactions.has(key);
      reactions.add(key);
      return [existed ? 200 : 201, { id: 1, content: (r.body as { content: string }).content }];
    })
    .on("POST", new RegExp(`^${escaped}/issues/(\\d+)/comments$`), (r): Reply => {
      comments.push((r.body as { body: string }).body);
      return [201, { id: comments.length, body: (r.body as { body: string }).body }];
    })
    .on("GET", new RegExp(`^${escaped}/pulls/(\\d+)$`), (_r, m): Reply => {
      const pull = pulls.find((p) => p.number === Number(m[1]));
      return pull ? [200, { ...pull, head: { ref: pull.head }, base: { ref: pull.base ?? "main" } }] : [404, { message: "Not Found" }];
    })
    .on("GET", new RegExp(`^${escaped}/compare/(.+)$`), [200, { files: options.compareFiles ?? [] }])
    .on("GET", new RegExp(`^${escaped}/actions/workflows/([^/]+)/runs$`), (r): Reply => {
      const status = new URL(r.path, "https://x").searchParams.get("status");
      const runs = (options.workflowRuns ?? []).filter((w) => !status || w.status === status);
      return [200, { total_count: runs.length, workflow_runs: runs }];
    })
    .on("POST", new RegExp(`^${escaped}/actions/runs/(\\d+)/cancel$`), (_r, m): Reply => {
      cancelled.push(Number(m[1]));
      return [202, {}];
    })
    .on("GET", new RegExp(`^${escaped}/commits$`), [200, []])
    .on("GET", new RegExp(`^${escaped}/commits/([^/]+)$`), (_r, m): Reply => {
      const sha = options.commits?.[decodeURIComponent(m[1] as string)];
      return sha ? [200, { sha }] : [404, { message: "Not Found" }];
    })
    .on("POST", new RegExp(`^${escaped}/check-runs$`), (r): Reply => {
      const body = r.body as Record<string, unknown>;
      const id = nextId++;
      const run: CheckRun = { id, name: "", head_sha: String(body["head_sha"]), status: "queued", conclusion: null, external_id: null, html_url: `https://github.com/octo-org/octo-repo/runs/${id}`, output: { title: null, summary: null, text: null } };
      update(run, body);
      checkRuns.set(id, run);
      return [201, run];
    })
    .on("PATCH", new RegExp(`^${escaped}/check-runs/(\\d+)$`), (r, m): Reply => {
      const run = checkRuns.get(Number(m[1]));
      if (!run) return [404, { message: "Not Found" }];
      update(run, r.body as Record<string, unknown>);
      return [200, run];
    })
    .on("GET", new RegExp(`^${escaped}/pulls$`), (r): Reply => {
      const head = new URL(r.path, "https://x").searchParams.get("head");
      return [200, pulls.filter((p) => `octo-org:${p.head}` === head)];
    })
    .on("POST", new RegExp(`^${escaped}/pulls$`), (r): Reply => {
      const body = r.body as { head: string; title: string; body: string };
      const pull = { number: 7 + pulls.length, head: body.head, title: body.title, body: body.body, html_url: `https://github.com/octo-org/octo-repo/pull/${7 + pulls.length}` };
      pulls.push(pull);
      return [201, pull];
    })
    .on("PATCH", new RegExp(`^${escaped}/pulls/(\\d+)$`), (r, m): Reply => {
      const pull = pulls.find((p) => p.number === Number(m[1]));
      if (!pull) return [404, { message: "Not Found" }];
      Object.assign(pull, r.body);
      return [200, pull];
    });
  return { checkRuns, pulls, dispatches, comments, reactions, cancelled };
}
