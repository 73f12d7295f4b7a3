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
      retries: { generate: DEFAULT_CONFIG.retries.generate, build: 4 },
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
        "`colour`: unknown key (known: specs, approval, generator, model, approvers, deploy, retries, workflow)",
        "`deploy`: must be a mapping",
        "`retries.later`: unknown key (known: generate, build)",
        '`approval`: must be one of auto, checkpoints, final, not "sometimes"',
        '`approvers[1]`: "not a login" is not a GitHub login',
        "`retries.build`: must be a whole number from 1 to 5",
      ]);
      expect((error as Error).message.split("\n")[0]).toBe("specforge.yml is invalid:");
    }
  });

  it("refuses a file that is not a mapping", () => {
    expect(() => resolveConfig(["specs"])).toThrow("the file must be a mapping of keys to values");
  });
});
