import { describe, expect, it } from "vitest";
import { checkArguments, parseCommand, selectSpecs } from "../../src/app/commands.js";

const BILLING = "services/billing/SPEC.md";
const LEDGER = "services/ledger/SPEC.md";
/** A SPEC whose folder has a phase's name. */
const BUILD = "services/build/SPEC.md";

describe("the command grammar: /command [service] [argument]", () => {
  it("reads `/retry billing build` as service billing, phase build", () => {
    expect(selectSpecs("retry", "billing build", [BILLING, LEDGER])).toEqual({ kind: "selected", specPaths: [BILLING], rest: "build" });
  });

  it("reads `/retry build` on a one-SPEC pull request as the phase", () => {
    expect(selectSpecs("retry", "build", [BILLING])).toEqual({ kind: "selected", specPaths: [BILLING], rest: "build" });
  });

  it("reads a first word that names a SPEC as the service, even when it is also a phase", () => {
    expect(selectSpecs("retry", "build", [BUILD, BILLING])).toEqual({ kind: "selected", specPaths: [BUILD], rest: "" });
    expect(selectSpecs("retry", "build build", [BUILD, BILLING])).toEqual({ kind: "selected", specPaths: [BUILD], rest: "build" });
  });

  it("takes the SPEC's path as the service", () => {
    expect(selectSpecs("rollback", `${LEDGER} v1.0`, [BILLING, LEDGER])).toEqual({ kind: "selected", specPaths: [LEDGER], rest: "v1.0" });
  });

  it("asks which when several SPECs share the folder name", () => {
    expect(selectSpecs("retry", "billing", [BILLING, "legacy/billing/SPEC.md"])).toEqual({ kind: "ask", choices: [BILLING, "legacy/billing/SPEC.md"] });
  });

  it("asks which when a state-changing command names none of several SPECs", () => {
    expect(selectSpecs("approve", "looks good", [BILLING, LEDGER])).toEqual({ kind: "ask", choices: [BILLING, LEDGER] });
  });

  it("keeps /approve's notes whole when the first word is not a service", () => {
    expect(selectSpecs("approve", "ship it", [BILLING])).toEqual({ kind: "selected", specPaths: [BILLING], rest: "ship it" });
  });

  it("lets /status cover every SPEC", () => {
    expect(selectSpecs("status", "", [BILLING, LEDGER])).toEqual({ kind: "selected", specPaths: [BILLING, LEDGER], rest: "" });
  });

  it("refuses a phase that does not exist, and arguments where none are taken", () => {
    expect(checkArguments("retry", "publish")).toBe('`/retry` takes a service and a phase (analyze, generate, build, verify, deploy), not "publish"');
    expect(checkArguments("cancel", "now")).toBe('`/cancel` takes only a service, not "now"');
  });

  it("keeps the command's line as written", () => {
    expect(parseCommand("thanks!\n/retry billing build  \nmore")).toEqual({ kind: "command", name: "retry", args: "billing build", line: "/retry billing build" });
  });
});
