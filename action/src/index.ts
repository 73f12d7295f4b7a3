// The Action's entry point: everything testable lives in main.ts.
import { run } from "./main.js";

await run();
