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
export function fakeGitHubState(api: ReturnType<typeof mockGitHub>, repo = "/repos/octo-org/octo-repo") {
  const checkRuns = new Map<number, CheckRun>();
  const pulls: Array<{ number: number; head: string; html_url: string; title: string; body: string }> = [];
  let nextId = 1;
  const escaped = repo.replace(/\//g, "\\/");

  const update = (run: CheckRun, body: Record<string, unknown>) => {
    for (const key of ["name", "status", "conclusion", "external_id"] as const) if (key in body) (run as unknown as Record<string, unknown>)[key] = body[key];
    if ("conclusion" in body) run.status = "completed";
    const output = body["output"] as Partial<CheckRun["output"]> | undefined;
    if (output) run.output = { title: output.title ?? run.output.title, summary: output.summary ?? run.output.summary, text: output.text ?? run.output.text };
  };

  api
    .on("GET", new RegExp(`^${escaped}/commits/([^/]+)/check-runs$`), (_r, m): Reply => {
      const runs = [...checkRuns.values()].filter((c) => c.head_sha === m[1]).reverse();
      return [200, { total_count: runs.length, check_runs: runs }];
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
  return { checkRuns, pulls };
}
