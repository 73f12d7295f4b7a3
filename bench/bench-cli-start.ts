import { spawnSync } from "node:child_process";
import path from "node:path";
import { median, percentile } from "./stats.js";

/**
 * Wall time of whole `specforge` processes that do little: `--help` and
 * `analyze` of an example, next to a bare `node -e 0` on the same machine.
 * Runs the built CLI (`npm run build` first), as a user's shell does.
 */
export function benchCliStart(root: string, runs: number): string[] {
  const bin = path.join(root, "bin/specforge.js");
  const spec = path.join(root, "examples/url-shortener/SPEC.md");
  const time = (args: string[], expectedStatus: number) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
      times.push(performance.now() - started);
      if (result.status !== expectedStatus) throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    }
    return `median ${Math.round(median(times))} ms, p95 ${Math.round(percentile(times, 95))} ms`;
  };
  return [
    `cli start (${runs} runs each): node -e 0 ${time(["-e", "0"], 0)}`,
    `cli start: specforge --help ${time([bin, "--help"], 0)} (aim < 250 ms)`,
    `cli start: specforge analyze examples/url-shortener/SPEC.md ${time([bin, "analyze", spec], 0)} (aim < 350 ms)`,
  ];
}
