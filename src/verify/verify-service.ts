import getPort from "get-port";
import type { Finding } from "../core/findings.js";
import type { Contract } from "../spec/to-contract.js";
import { TYPESCRIPT_NODE_LAYOUT, type ServiceLayout } from "../synth/service-layout.js";
import type { ProcessRunner } from "./process-runner.js";
import { probeEndpoints } from "./probe-endpoints.js";
import { resolveCommand } from "./resolve-command.js";
import { startService, type StartedService } from "./start-service.js";
import type { EndpointResult, VerifyChecks, VerifyResult } from "./types.js";

/** How to start a built service: its layout's command, or a Node script (a hand-written service). */
export interface LaunchServiceOptions {
  serviceDir: string;
  runner: ProcessRunner;
  specFile: string;
  /** The service's target layout, which says how it starts; TypeScript on Node by default. */
  layout?: ServiceLayout;
  /** A Node script to start instead of the layout's command (a hand-written service). */
  entry?: string;
  readyTimeoutMs?: number;
  /** The checks beyond status and shape (`probeEndpoints`); all of them by default. */
  checks?: Partial<VerifyChecks>;
}

/** A service started ahead of its probes: it may still be starting. */
export interface LaunchedService {
  readonly started: Promise<StartedService | { failure: Finding }>;
  /** Stops it (and what it spawned) if it started; safe to call more than once. */
  stop(): Promise<void>;
}

export interface VerifyServiceOptions extends LaunchServiceOptions {
  contract: Contract;
  /**
   * The same service, already started (during its own tests, say): probed
   * once it answers, instead of starting another.
   */
  launched?: LaunchedService;
  onProbe?: (result: EndpointResult) => void;
  /**
   * Called after the probes while the service still runs (for checks of its
   * own, such as prevention tests); the findings it returns count like the
   * probes' own.
   */
  whileRunning?: (baseUrl: string, probed: { endpoints: EndpointResult[]; findings: Finding[] }) => Promise<Finding[]>;
}

/** Starts the built service on a free port and waits, bounded, for it to answer GET /health. */
export function launchService(options: LaunchServiceOptions): LaunchedService {
  const started = getPort({ host: "127.0.0.1" }).then((port) =>
    startService({
      runner: options.runner,
      serviceDir: options.serviceDir,
      command: options.entry ? { file: process.execPath, args: [options.entry], env: { ...TYPESCRIPT_NODE_LAYOUT.start.env } } : resolveCommand((options.layout ?? TYPESCRIPT_NODE_LAYOUT).start, options.serviceDir),
      port,
      specFile: options.specFile,
      readyTimeoutMs: options.readyTimeoutMs ?? 15_000,
    }),
  );
  return {
    started,
    async stop() {
      const service = await started;
      if ("process" in service) await service.process.stop();
    },
  };
}

/**
 * Probes every endpoint of the contract on the built service (started here,
 * or `launched` before), and always stops the service (and what it spawned)
 * afterwards.
 */
export async function verifyService(options: VerifyServiceOptions): Promise<VerifyResult> {
  const launched = options.launched ?? launchService(options);
  const started = await launched.started;
  if ("failure" in started) {
    const endpoints = options.contract.endpoints.map((e) => ({ method: e.method, path: e.path, verified: false, detail: "not probed: the service did not start", line: e.line, checks: [] }));
    return { ok: false, endpoints, findings: [started.failure] };
  }
  try {
    const probed = await probeEndpoints({
      contract: options.contract,
      baseUrl: started.baseUrl,
      specFile: options.specFile,
      ...(options.checks ? { checks: options.checks } : {}),
      onProbe: (_e, r) => options.onProbe?.(r),
    });
    const more = (await options.whileRunning?.(started.baseUrl, probed)) ?? [];
    const findings = [...probed.findings, ...more];
    return { ok: findings.length === 0, endpoints: probed.endpoints, findings };
  } finally {
    await launched.stop();
  }
}
