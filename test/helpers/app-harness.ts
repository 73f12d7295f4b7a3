import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import { createRequire } from "node:module";
import { sign } from "@octokit/webhooks-methods";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { AppMetrics } from "../../src/app/app-metrics.js";
import { AppOctokit } from "../../src/app/app-octokit.js";
import { createSpecforgeApp } from "../../src/app/index.js";

const require = createRequire(import.meta.url);
export const WEBHOOK_SECRET = "webhook-secret-for-tests";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

type Examples = Array<{ name: string; examples: Array<Record<string, unknown>> }>;
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as Examples;

/** A payload GitHub really sends (from @octokit/webhooks-examples), deep-copied so a test can adapt it. */
export function examplePayload(name: string, pick: (payload: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const found = examples.find((e) => e.name === name)?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example matches`);
  return structuredClone(found);
}

/**
 * The app on a real HTTP server, as Probot serves it: deliveries go through
 * signature verification exactly as GitHub's would.
 */
export async function startApp(options: { botLogin?: string; throttle?: boolean } = {}) {
  const metrics = new AppMetrics();
  const probot = new Probot({
    appId: 1,
    privateKey,
    secret: WEBHOOK_SECRET,
    logLevel: "fatal",
    // Probot hands each installation client its own throttle object, so `enabled: false` must be
    // merged into it: production keeps GitHub's one-second spacing between writes, tests don't wait.
    // The bench asks for throttling as in production.
    Octokit: options.throttle
      ? AppOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false } }))
      : ProbotOctokit.defaults((o: { throttle?: object }) => ({ ...o, retry: { enabled: false }, throttle: { ...o.throttle, enabled: false } })),
  });
  const middleware = await createNodeMiddleware(createSpecforgeApp({ metrics, botLogin: options.botLogin ?? "specforge[bot]" }), { probot });
  /** Milliseconds from each request's arrival to its answer, as the server saw them. */
  const handlingTimes: number[] = [];
  const server = http.createServer((req, res) => {
    const arrived = performance.now();
    res.on("finish", () => handlingTimes.push(performance.now() - arrived));
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let deliveries = 0;

  return {
    baseUrl,
    metrics,
    probot,
    handlingTimes,
    /** POSTs a webhook the way GitHub does; `signature` overrides the computed one. */
    async deliver(name: string, payload: unknown, options: { id?: string; signature?: string } = {}) {
      const body = JSON.stringify(payload);
      const res = await fetch(`${baseUrl}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": name,
          "x-github-delivery": options.id ?? `delivery-${++deliveries}`,
          "x-hub-signature-256": options.signature ?? (await sign(WEBHOOK_SECRET, body)),
        },
        body,
      });
      return { status: res.status, text: await res.text() };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
