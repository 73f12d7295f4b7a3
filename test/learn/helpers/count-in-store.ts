// A child process for the concurrency test: says "ready", waits for "go" on stdin, then records one
// occurrence and one recovery attempt in the store, N times, each a separate locked update.
import { computeSignature } from "../../../src/learn/compute-signature.js";
import { updatePatternStore } from "../../../src/learn/pattern-store.js";
import { recordOccurrence, recordRecovery } from "../../../src/learn/record-pattern.js";

const [dir, times] = process.argv.slice(2);
if (!dir || !times) throw new Error("usage: count-in-store.ts <store dir> <times>");
const signature = computeSignature({ text: "Error: listen EADDRINUSE: address already in use :::4321", phase: "verify" });

process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
for (let i = 0; i < Number(times); i++) {
  await updatePatternStore(dir, (store) => {
    recordOccurrence(store, signature, new Date());
    recordRecovery(store, signature.id, { strategy: "retry", worked: i % 2 === 0, durationMs: 100 });
  });
}
process.stdin.destroy();
