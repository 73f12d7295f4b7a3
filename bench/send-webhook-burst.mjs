// Sends a burst of signed push deliveries, all at once, from its own process
// (as GitHub's are sent from elsewhere), and prints what it saw as JSON:
// node send-webhook-burst.mjs <url> <secret> <first index> <count> [one-by-one] < template.json
import { createHmac } from "node:crypto";
import http from "node:http";
import { text } from "node:stream/consumers";

const [url, secret, first, count, mode] = process.argv.slice(2);
const template = JSON.parse(await text(process.stdin));
const deliveries = Array.from({ length: Number(count) }, (_, k) => {
  const i = Number(first) + k;
  const payload = structuredClone(template);
  payload.after = (i + 1).toString(16).padStart(40, "0");
  Object.assign(payload.commits[0], { added: [`services/svc-${i}/SPEC.md`], modified: [], removed: [] });
  const body = JSON.stringify(payload);
  return { id: `bench-${i}`, body, signature: `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` };
});
const agent = new http.Agent({ keepAlive: true, maxSockets: deliveries.length });
const send = (d) =>
  new Promise((resolve, reject) => {
    const sent = performance.now();
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": d.id, "x-hub-signature-256": d.signature } }, (res) =>
      res.resume().on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - sent })),
    );
    req.on("error", reject);
    req.end(d.body);
  });
const started = performance.now();
let answers = [];
if (mode === "one-by-one") for (const d of deliveries) answers.push(await send(d));
else answers = await Promise.all(deliveries.map(send));
process.stdout.write(JSON.stringify({ answers, totalMs: performance.now() - started }));
agent.destroy();
