// `npm run bench`: prints figures; asserts nothing. Speed goals are read from here, never from tests.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchActionStartup } from "./bench-action-startup.js";
import { benchAnalyze } from "./bench-analyze.js";
import { benchCliStart } from "./bench-cli-start.js";
import { benchDeploy } from "./bench-deploy.js";
import { benchLearn } from "./bench-learn.js";
import { benchTargets } from "./bench-targets.js";
import { benchVerify } from "./bench-verify.js";
import { benchPipeline } from "./bench-pipeline.js";
import { benchPrism } from "./bench-prism.js";
import { benchWebhooks } from "./bench-webhooks.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const spec = process.env["BENCH_SPEC"] ?? path.join(root, "examples/build-executor/SPEC.md");
const runs = Number(process.env["BENCH_RUNS"] ?? 5);

console.log(`specforge bench on ${process.version}, ${process.platform}/${process.arch}`);
for (const line of await benchPipeline(spec, runs)) console.log(line);
for (const line of await benchPrism(spec, runs)) console.log(line);
for (const line of await benchTargets(spec)) console.log(line);
for (const line of await benchVerify(spec)) console.log(line);
for (const line of benchActionStartup(root, 20)) console.log(line);
for (const line of benchCliStart(root, 20)) console.log(line);
for (const line of await benchAnalyze()) console.log(line);
for (const line of await benchLearn()) console.log(line);
for (const line of await benchDeploy()) console.log(line);
for (const line of await benchWebhooks(Number(process.env["BENCH_DELIVERIES"] ?? 200))) console.log(line);
