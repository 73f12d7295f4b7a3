import path from "node:path";
import { emptyRunLog, foldEvent, type RunLog } from "../pipeline/run-log.js";
import type { PhaseName, PhaseStatus, PipelineEvent, PipelineReport } from "../pipeline/types.js";
import {
  endpointsText,
  phaseSummary,
  phaseTitle,
  toAnnotationBatches,
  toConclusion,
  toExternalId,
} from "./check-run-output.js";
import type { GitHubClient } from "./create-octokit.js";
import { phaseCheckName } from "./names.js";
import type { SpecLineUrl } from "../report/to-markdown.js";
import type { RepoRef } from "./types.js";

export interface CheckRunTarget extends RepoRef {
  sha: string;
  /** Where "Details" leads: the workflow run. */
  detailsUrl: string;
  /** The SPEC's path in the repository, for annotations. */
  specPath: string;
  /** Tells this SPEC's check runs from another SPEC's on the same commit. */
  specKey: string;
  /** Links SPEC lines in the summaries to the SPEC at `sha`. */
  specLine?: SpecLineUrl;
}

export interface PublishedCheckRuns {
  ids: Partial<Record<PhaseName, number>>;
  urls: Partial<Record<PhaseName, string>>;
  /** Requests that failed even after retries; the build result itself is not affected. */
  failures: string[];
}

export interface CheckRunPublisher {
  onEvent(event: PipelineEvent): void;
  /** Publishes the phases that never ran as skipped and waits for every request. */
  finish(report: PipelineReport): Promise<PublishedCheckRuns>;
}

/**
 * Mirrors a pipeline run as one check run per phase: in_progress when the
 * phase starts, completed with a conclusion, title, summary and annotations
 * when it ends. Requests go out in order; a failed one is recorded and the
 * rest go on, so that reporting never costs the build its result.
 */
export function createCheckRunPublisher(
  octokit: GitHubClient,
  target: CheckRunTarget,
  existing: ReadonlyMap<PhaseName, number> = new Map(),
  now: () => Date = () => new Date(),
): CheckRunPublisher {
  const ids = new Map(existing);
  const urls = new Map<PhaseName, string>();
  const failures: string[] = [];
  const startedAt = new Map<PhaseName, string>();
  let log: RunLog = emptyRunLog();
  let queue: Promise<void> = Promise.resolve();
  const { owner, repo } = target;

  const enqueue = (what: string, request: () => Promise<void>) => {
    queue = queue.then(request).catch((error: unknown) => {
      failures.push(`${what}: ${(error as Error).message}`);
    });
  };

  const externalId = (phase: PhaseName) =>
    toExternalId({ phase, specKey: target.specKey, specHash: log.specHash, filesHash: phase === "analyze" ? "" : log.filesHash, generator: log.generator });
  const serviceName = () => log.service || path.basename(path.dirname(target.specPath)) || "service";

  const upsert = async (phase: PhaseName, body: Record<string, unknown>) => {
    const id = ids.get(phase);
    if (id !== undefined) {
      const { data } = await octokit.rest.checks.update({ owner, repo, check_run_id: id, ...body });
      urls.set(phase, data.html_url ?? "");
      return;
    }
    const { data } = await octokit.rest.checks.create({ owner, repo, head_sha: target.sha, name: phaseCheckName(serviceName(), phase), ...body });
    ids.set(phase, data.id);
    urls.set(phase, data.html_url ?? "");
  };

  const complete = (phase: PhaseName, status: PhaseStatus, snapshot: RunLog) => {
    // A phase an earlier run completed already has its successful check run: leave it as it is.
    if (status === "resumed" && ids.has(phase)) return;
    const [firstBatch = [], ...moreBatches] = toAnnotationBatches(
      snapshot.findings.filter((f) => f.phase === phase),
      target.specPath,
    );
    const title = phaseTitle(phase, status, snapshot);
    const summary = phaseSummary(phase, status, snapshot, target.specPath, target.specLine ? { specLine: target.specLine, runUrl: target.detailsUrl } : undefined);
    const at = now().toISOString();
    enqueue(`complete the ${phase} check run`, () =>
      upsert(phase, {
        name: phaseCheckName(serviceName(), phase),
        status: "completed",
        conclusion: toConclusion(status),
        started_at: startedAt.get(phase) ?? at,
        completed_at: at,
        details_url: target.detailsUrl,
        external_id: externalId(phase),
        output: {
          title,
          summary,
          ...(phase === "verify" ? { text: endpointsText(snapshot.endpoints) } : {}),
          ...(firstBatch.length > 0 ? { annotations: firstBatch } : {}),
        },
      }),
    );
    // The API takes 50 annotations a request and appends those of each update.
    for (const batch of moreBatches) {
      enqueue(`add annotations to the ${phase} check run`, async () => {
        const id = ids.get(phase);
        if (id === undefined) throw new Error("the check run was never created");
        await octokit.rest.checks.update({ owner, repo, check_run_id: id, output: { title, summary, annotations: batch } });
      });
    }
  };

  return {
    onEvent(event) {
      log = foldEvent(log, event);
      if (event.type === "phase-start" && event.attempt === 1) {
        const at = now().toISOString();
        startedAt.set(event.phase, at);
        // Analyze is over before the service's name is known; it is published once, completed.
        if (event.phase === "analyze") return;
        enqueue(`start the ${event.phase} check run`, () =>
          upsert(event.phase, { status: "in_progress", started_at: at, details_url: target.detailsUrl, external_id: externalId(event.phase) }),
        );
      }
      if (event.type === "phase-complete") complete(event.phase, event.status, log);
    },
    async finish(report) {
      for (const phase of report.phases) {
        if (phase.status === "skipped" && !log.phases.some((p) => p.name === phase.name)) {
          log = foldEvent(log, { type: "phase-complete", phase: phase.name, status: "skipped", durationMs: 0, attempts: 0 });
          complete(phase.name, "skipped", log);
        }
      }
      await queue;
      return { ids: Object.fromEntries(ids), urls: Object.fromEntries(urls), failures };
    },
  };
}
