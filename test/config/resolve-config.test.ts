import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONFIG, resolveConfig } from "../../src/config/resolve-config.js";

describe("resolveConfig", () => {
  it("gives the defaults when there is no file", () => {
    expect(resolveConfig(null)).toEqual(DEFAULT_CONFIG);
    expect(resolveConfig(undefined)).not.toBe(DEFAULT_CONFIG);
  });

  it("lays the user's keys over the defaults, one nested key at a time", () => {
    expect(resolveConfig({ retries: { build: 4 }, approval: "final", specs: ["services/*/SPEC.md"] })).toEqual({
      ...DEFAULT_CONFIG,
      approval: "final",
      specs: ["services/*/SPEC.md"],
      retries: { ...DEFAULT_CONFIG.retries, build: 4 },
    });
  });

  it("never lets a resolved configuration change the defaults", () => {
    const config = resolveConfig({ approvers: ["octocat"] });
    config.retries.build = 5;
    config.specs.push("x");
    expect(DEFAULT_CONFIG.retries.build).toBe(2);
    expect(DEFAULT_CONFIG.specs).toEqual(["**/SPEC.md"]);
  });

  it("reports every problem at once, each by its key path", () => {
    const bad = { approval: "sometimes", retries: { build: 9, later: 1 }, approvers: ["ok-name", "not a login"], colour: "blue", deploy: "prod" };
    expect(() => resolveConfig(bad, "specforge.yml")).toThrow(ConfigError);
    try {
      resolveConfig(bad, "specforge.yml");
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        "`colour`: unknown key (known: specs, approval, generator, target, model, approvers, deploy, patterns, approvals, retries, verify, workflow)",
        "`deploy`: must be a mapping",
        "`retries.later`: unknown key (known: generate, build, verify)",
        '`approval`: must be one of auto, checkpoints, final, not "sometimes"',
        '`approvers[1]`: "not a login" is not a GitHub login',
        "`retries.build`: must be a whole number from 1 to 5",
      ]);
      expect((error as Error).message.split("\n")[0]).toBe("specforge.yml is invalid:");
    }
  });

  it("reads a deploy target, keeping the defaults it leaves out", () => {
    const config = resolveConfig({ deploy: { environment: "staging", command: ["./deploy.sh", "--fast"], health: { successes: 1 } } });
    expect(config.deploy).toEqual({ ...DEFAULT_CONFIG.deploy, environment: "staging", command: ["./deploy.sh", "--fast"], health: { ...DEFAULT_CONFIG.deploy.health, successes: 1 } });
  });

  it("says what is wrong with a deploy target, key by key", () => {
    expect(() => resolveConfig({ deploy: { command: "./deploy.sh && rm -rf /", url: "ftp://x", health: { interval_ms: 1, timeout_seconds: 0 }, env: ["GITHUB TOKEN"], auto_rollback: "yes" } })).toThrow(
      [
        ".github/specforge.yml is invalid:",
        "- `deploy.command`: must be a list of strings",
        '- `deploy.url`: must be an http(s) URL, not "ftp://x"',
        "- `deploy.health.timeout_seconds`: must be a number of seconds above 0 and at most 3600",
        "- `deploy.health.interval_ms`: must be a whole number from 10 to 60000",
        "- `deploy.auto_rollback`: must be true or false",
        '- `deploy.env[0]`: "GITHUB TOKEN" is not an environment variable name',
      ].join("\n"),
    );
  });

  it("gives a more serious grade at least the approvals of a less serious one", () => {
    expect(resolveConfig({ approvals: { high: 1 } }).approvals).toEqual({ low: 0, medium: 0, high: 1, critical: 1, count_pusher: false });
    expect(resolveConfig({ approvals: { high: 1, critical: 2 } }).approvals).toEqual({ low: 0, medium: 0, high: 1, critical: 2, count_pusher: false });
    expect(resolveConfig({ approvals: { count_pusher: true } }).approvals).toEqual({ ...DEFAULT_CONFIG.approvals, count_pusher: true });
  });

  it("reads the generator as a name or as a command", () => {
    expect(resolveConfig({ generator: "template" }).generator).toEqual({ ...DEFAULT_CONFIG.generator, name: "template" });
    expect(resolveConfig({ generator: { command: ["node", "tools/generate.mjs"], env: ["LOCAL_MODEL_URL"] } }).generator).toEqual({
      name: "command",
      command: ["node", "tools/generate.mjs"],
      env: ["LOCAL_MODEL_URL"],
      timeout_seconds: DEFAULT_CONFIG.generator.timeout_seconds,
    });
  });

  it("refuses a command generator given as a name or without a program", () => {
    expect(() => resolveConfig({ generator: "command" })).toThrow("`generator`: the command generator is written `generator: { command: [program, ...args] }`");
    expect(() => resolveConfig({ generator: { command: "generate.sh --all" } })).toThrow(
      ".github/specforge.yml is invalid:\n- `generator.command`: must be a list of strings\n- `generator.command`: must list the program to run and its arguments",
    );
  });

  it("reads the number of generated requests, 0 included, 50 when left out", () => {
    expect([resolveConfig({ verify: { fuzz: 0 } }).verify, resolveConfig({ retries: { build: 1 } }).verify]).toEqual([{ fuzz: 0 }, { fuzz: 50 }]);
  });

  it("refuses a file that is not a mapping", () => {
    expect(() => resolveConfig(["specs"])).toThrow("the file must be a mapping of keys to values");
  });
});
