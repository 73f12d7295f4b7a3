import { describe, expect, it } from "vitest";
import { fitsPyType, parsePyType, toPyAnnotation, type FieldShape } from "../../src/synth/python-type.js";

const models = new Set(["PhaseStatus"]);
const annotation = (text: string) => toPyAnnotation(parsePyType(text, models), (name) => `${name}Class`);

describe("reading a SPEC model's field types", () => {
  it.each([
    ["str", "str"],
    ["Optional[Dict[str, PhaseStatus]]", "Optional[Dict[str, PhaseStatusClass]]"],
    ["list[str] | None", "Optional[List[str]]"],
    ["typing.List[int]", "List[int]"],
    ["Union[int, str, None]", "Optional[Union[int, str]]"],
    ["dict", "Dict[str, Any]"],
    ["EmailStr", "str"],
    ["Optional[Any]", "Any"],
  ])("reads %s as %s", (text, expected) => {
    expect(annotation(text)).toBe(expected);
  });

  it.each([['os.system("id")'], ["Literal['a', 'b']"], ["Unknown"], ["List[str"], ["str]; import os"]])("reads %j, which it does not know, as Any", (text) => {
    expect(annotation(text)).toBe("Any");
  });
});

describe("whether a documented value fits a type", () => {
  const shapes = new Map<string, readonly FieldShape[]>([["PhaseStatus", [{ name: "status", type: { kind: "str" }, required: true }]]]);
  const fits = (text: string, value: Parameters<typeof fitsPyType>[1]) => fitsPyType(parsePyType(text, models), value, shapes);

  it("takes whole numbers for int and any number for float", () => {
    expect([fits("int", 2), fits("int", 2.5), fits("float", 2), fits("int", true)]).toEqual([true, false, true, false]);
  });

  it("takes an ISO date and time, or a timestamp, for datetime", () => {
    expect([fits("datetime", "2026-05-01T10:00:00Z"), fits("datetime", 1714557600), fits("datetime", "after lunch")]).toEqual([true, true, false]);
  });

  it("takes an object for a model only with its required fields", () => {
    expect([fits("Dict[str, PhaseStatus]", { build: { status: "done" } }), fits("PhaseStatus", { progress: 1 })]).toEqual([true, false]);
  });
});
