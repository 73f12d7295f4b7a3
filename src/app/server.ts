// `npm start`: Probot's own runner (env, server, setup page) with the app's Octokit (see app-octokit.ts).
import { run } from "probot";
import { AppOctokit } from "./app-octokit.js";
import app from "./index.js";

await run(app, { Octokit: AppOctokit });
