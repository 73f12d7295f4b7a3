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
  /** How many dispatches fail with 502 before one goes through (a delivery cut short). */
  dispatchFailures?: number;
  /** Files the compare API reports. */
  compareFiles?: Array<{ filename: string; status: string }>;
  /** Pull requests that already exist (for comments on them): head branch, head commit, files, and whether from a fork. */
  pulls?: Array<{ number: number; head: string; headSha?: string; base?: string; html_url?: string; title?: string; body: string; fork?: boolean; files?: string[] }>;
  /** Runs of the build workflow. */
  workflowRuns?: Array<{ id: number; status: string; display_title: string; head_branch?: string; event?: string }>;
  /** Job names of workflow runs, by run id. */
  runJobs?: Record<number, string[]>;
  /** The app's login, the author of the comments it writes. */
  botLogin?: string;
  /** Refs the commits API resolves, to their sha. */
  commits?: Record<string, string>;
  /** Commits the commits API describes: author login and parents. */
  commitDetails?: Record<string, { author: string; parents: string[] }>;
  /** File contents the contents API returns, by `<ref>:<path>`. */
  contents?: Record<string, string>;
  /** Deployments made before the test, oldest first, each with its statuses in order. */
  deployments?: Array<{ sha: string; environment: string; specPath: string; version: string; rollback?: string; statuses: string[] }>;
  owner?: string;
}

export function fakeGitHubState(api: ReturnType<typeof mockGitHub>, repo = "/repos/octo-org/octo-repo", options: FakeGitHubOptions = {}) {
  const checkRuns = new Map<number, CheckRun>();
  type Pull = NonNullable<FakeGitHubOptions["pulls"]>[number] & { html_url: string; title: string };
  const pulls: Pull[] = (options.pulls ?? []).map((p) => ({ html_url: `https://github.com${repo.slice(6)}/pull/${p.number}`, title: "", ...p }));
  const dispatches: Array<Record<string, unknown>> = [];
  const workflowRuns = [...(options.workflowRuns ?? [])];
  /** Every comment on an issue or pull request, as it stands. */
  const issueComments: Array<{ id: number; issue: number; body: string; user: { login: string; type: string }; html_url: string }> = [];
  /** The body of every comment created, in order (replies and status comments alike). */
  const comments: string[] = [];
  let nextCommentId = 1000;
  let dispatchFailures = 0;
  const repoFullName = repo.slice("/repos/".length);
  const toPull = (p: Pull) => ({
    ...p,
    state: "open",
    head: { ref: p.head, sha: p.headSha ?? "ec26c3e57ca3a959ca5aad62de7213c562f8c821", repo: { full_name: p.fork ? "someone/fork" : repoFullName } },
    base: { ref: p.base ?? "main", repo: { full_name: repoFullName } },
  });
  const reactions = new Set<string>();
  const deployments: Array<{ id: number; sha: string; ref: string; environment: string; payload: unknown; description: string; created_at: string; statuses: Array<{ state: string; environment_url?: string; created_at: string }> }> = (
    options.deployments ?? []
  ).map((d, i) => ({
    id: 400 + i,
    sha: d.sha,
    ref: d.sha,
    environment: d.environment,
    payload: { specforge: { service: "billing", release: d.sha.slice(0, 12), version: d.version, specPath: d.specPath, sourceSha: d.sha, rollback: d.rollback ?? "" } },
    description: `Deploy billing ${d.version}`,
    created_at: new Date(Date.UTC(2025, 11, 1, 0, i)).toISOString(),
    statuses: d.statuses.map((state) => ({ state, created_at: new Date(Date.UTC(2025, 11, 1, 0, i)).toISOString() })),
  }));
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
      if ((options.dispatchFailures ?? 0) > dispatchFailures++) return [502, { message: "Bad Gateway" }];
      const body = r.body as { ref: string; inputs: Record<string, string> };
      dispatches.push(body);
      // GitHub names the run with the workflow's run-name: `specforge: <sha> <specs>`.
      workflowRuns.push({ id: 9000 + dispatches.length, status: "queued", display_title: `specforge: ${body.inputs["sha"]} ${body.inputs["specs"]}`, head_branch: body.ref, event: "workflow_dispatch" });
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
    .on("POST", new RegExp(`^${escaped}/issues/(\\d+)/comments$`), (r, m): Reply => {
      const body = (r.body as { body: string }).body;
      comments.push(body);
      const id = nextCommentId++;
      const created = { id, issue: Number(m[1]), body, user: { login: options.botLogin ?? "specforge[bot]", type: "Bot" }, html_url: `https://github.com${repo.slice(6)}/pull/${m[1]}#issuecomment-${id}` };
      issueComments.push(created);
      return [201, created];
    })
    .on("GET", new RegExp(`^${escaped}/issues/(\\d+)/comments$`), (r, m): Reply => {
      const url = new URL(r.path, "https://x");
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const all = issueComments.filter((c) => c.issue === Number(m[1]));
      const slice = all.slice((page - 1) * perPage, page * perPage);
      // GitHub pages with a Link header; Octokit's paginate follows rel="next".
      const next = page * perPage < all.length ? { link: `<https://api.github.com${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"` } : undefined;
      return [200, slice, next];
    })
    .on("PATCH", new RegExp(`^${escaped}/issues/comments/(\\d+)$`), (r, m): Reply => {
      const comment = issueComments.find((c) => c.id === Number(m[1]));
      if (!comment) return [404, { message: "Not Found" }];
      comment.body = (r.body as { body: string }).body;
      return [200, comment];
    })
    .on("DELETE", new RegExp(`^${escaped}/issues/comments/(\\d+)$`), (_r, m): Reply => {
      const index = issueComments.findIndex((c) => c.id === Number(m[1]));
      if (index < 0) return [404, { message: "Not Found" }];
      issueComments.splice(index, 1);
      return [204];
    })
    .on("GET", new RegExp(`^${escaped}/pulls/(\\d+)$`), (_r, m): Reply => {
      const pull = pulls.find((p) => p.number === Number(m[1]));
      return pull ? [200, toPull(pull)] : [404, { message: "Not Found" }];
    })
    .on("GET", new RegExp(`^${escaped}/pulls/(\\d+)/files$`), (_r, m): Reply => {
      const pull = pulls.find((p) => p.number === Number(m[1]));
      return [200, (pull?.files ?? []).map((filename) => ({ filename, status: "modified" }))];
    })
    .on("GET", new RegExp(`^${escaped}/compare/(.+)$`), [200, { files: options.compareFiles ?? [] }])
    .on("GET", new RegExp(`^${escaped}/actions/workflows/([^/]+)/runs$`), (r): Reply => {
      if (options.workflowExists === false) return [404, { message: "Not Found" }];
      const query = new URL(r.path, "https://x").searchParams;
      const [status, branch, event] = [query.get("status"), query.get("branch"), query.get("event")];
      const runs = workflowRuns.filter((w) => (!status || w.status === status) && (!branch || w.head_branch === branch) && (!event || w.event === event)).reverse();
      return [200, { total_count: runs.length, workflow_runs: runs }];
    })
    .on("GET", new RegExp(`^${escaped}/actions/runs/(\\d+)/jobs$`), (_r, m): Reply => {
      const jobs = (options.runJobs?.[Number(m[1])] ?? []).map((name, i) => ({ id: i + 1, name, status: "completed", conclusion: "success" }));
      return [200, { total_count: jobs.length, jobs }];
    })
    .on("POST", new RegExp(`^${escaped}/actions/runs/(\\d+)/cancel$`), (_r, m): Reply => {
      cancelled.push(Number(m[1]));
      return [202, {}];
    })
    .on("GET", new RegExp(`^${escaped}/commits$`), [200, []])
    .on("GET", new RegExp(`^${escaped}/commits/([^/]+)/pulls$`), (_r, m): Reply => [200, pulls.filter((p) => (p.headSha ?? "ec26c3e57ca3a959ca5aad62de7213c562f8c821") === m[1]).map(toPull)])
    .on("GET", new RegExp(`^${escaped}/commits/([^/]+)$`), (_r, m): Reply => {
      const ref = decodeURIComponent(m[1] as string);
      const details = options.commitDetails?.[ref];
      if (details) return [200, { sha: ref, author: { login: details.author }, parents: details.parents.map((sha) => ({ sha })) }];
      const sha = options.commits?.[ref];
      return sha ? [200, { sha }] : [404, { message: "Not Found" }];
    })
    .on("GET", new RegExp(`^${escaped}/contents/(.+)$`), (r, m): Reply => {
      const ref = new URL(r.path, "https://x").searchParams.get("ref") ?? "";
      const text = options.contents?.[`${ref}:${decodeURIComponent(m[1] as string)}`];
      return text === undefined ? [404, { message: "Not Found" }] : [200, { type: "file", encoding: "base64", content: Buffer.from(text).toString("base64"), path: m[1], name: m[1] }];
    })
    .on("GET", new RegExp(`^${escaped}$`), [200, { name: repoFullName.split("/")[1], full_name: repoFullName, default_branch: "main" }])
    .on("POST", new RegExp(`^${escaped}/deployments$`), (r): Reply => {
      const body = r.body as { ref: string; environment: string; payload: unknown; description: string };
      const deployment = { id: 500 + deployments.length, sha: body.ref, ref: body.ref, environment: body.environment, payload: body.payload, description: body.description, created_at: new Date(Date.UTC(2026, 0, 1, 0, deployments.length)).toISOString(), statuses: [] as Array<{ state: string; environment_url?: string; created_at: string }> };
      deployments.push(deployment);
      return [201, deployment];
    })
    .on("POST", new RegExp(`^${escaped}/deployments/(\\d+)/statuses$`), (r, m): Reply => {
      const deployment = deployments.find((d) => d.id === Number(m[1]));
      if (!deployment) return [404, { message: "Not Found" }];
      const body = r.body as { state: string; environment_url?: string; auto_inactive?: boolean };
      // As GitHub does: a successful deployment makes the environment's earlier ones inactive.
      if (body.state === "success" && body.auto_inactive) {
        for (const other of deployments) if (other !== deployment && other.environment === deployment.environment && other.statuses.at(-1)?.state === "success") other.statuses.push({ state: "inactive", created_at: new Date().toISOString() });
      }
      const status = { state: body.state, ...(body.environment_url ? { environment_url: body.environment_url } : {}), created_at: new Date().toISOString() };
      deployment.statuses.push(status);
      return [201, { id: deployment.statuses.length, ...status }];
    })
    .on("GET", new RegExp(`^${escaped}/deployments$`), (r): Reply => {
      const environment = new URL(r.path, "https://x").searchParams.get("environment");
      return [200, deployments.filter((d) => !environment || d.environment === environment).reverse().map(({ statuses: _statuses, ...d }) => d)];
    })
    .on("GET", new RegExp(`^${escaped}/deployments/(\\d+)/statuses$`), (_r, m): Reply => {
      const deployment = deployments.find((d) => d.id === Number(m[1]));
      return deployment ? [200, [...deployment.statuses].reverse()] : [404, { message: "Not Found" }];
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
  /** Every SPEC the dispatches asked to build, one entry per SPEC per dispatch. */
  const dispatchedSpecs = () =>
    dispatches.flatMap((d) => {
      const inputs = d["inputs"] as Record<string, string>;
      return inputs["specs"] ? (JSON.parse(inputs["specs"]) as string[]) : [inputs["spec-path"] as string];
    });
  /** The comments that are not the status comment: the replies. */
  const replies = () => comments.filter((c) => !c.startsWith("<!-- specforge:status -->"));
  const statusComments = () => issueComments.filter((c) => c.body.startsWith("<!-- specforge:status -->"));
  return { checkRuns, pulls, dispatches, comments, issueComments, replies, statusComments, reactions, cancelled, dispatchedSpecs, workflowRuns, deployments };
}
