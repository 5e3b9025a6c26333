import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CLASSIC_STACK,
  ModelInputError,
  parseScenario,
  planCapacity,
  scenarioFieldPosition,
} from "../../src/index.js";

// Where a scenario's error is in its text: the line an editor shows it at (the stack playground).
const CLASSIC = readFileSync(
  join(import.meta.dirname, "..", "..", "docs", "scenarios", "classic.yaml"),
  "utf8",
);

/** The error that reading and planning `text` throws. */
function errorOf(text: string): ModelInputError {
  try {
    planCapacity(parseScenario(text, "yaml"));
  } catch (e) {
    if (e instanceof ModelInputError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("scenarioFieldPosition", () => {
  it("docs/scenarios/classic.yaml is the built-in classic stack", () => {
    expect(parseScenario(CLASSIC, "yaml")).toEqual(CLASSIC_STACK);
  });

  it("finds the line of each value the planner refuses in the classic stack", () => {
    // Every `key: number` line, in block or flow style, made negative: where the error's field is
    // in the text must be the line edited, at the key's column.
    const lines = CLASSIC.split("\n");
    let checked = 0;
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/(\w+): (\d[\w.]*)/g)) {
        const key = String(m[1]);
        const edited = [...lines];
        edited[i] = line.replace(m[0], `${key}: -${m[2]}`);
        const e = errorOf(edited.join("\n"));
        if (!e.field.endsWith(`.${key}`)) continue;
        expect(scenarioFieldPosition(edited.join("\n"), e.field), e.field).toEqual({
          line: i + 1,
          column: (m.index ?? 0) + 1,
          found: e.field,
        });
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(25);
  });

  it("an index names its item; a misspelt top-level field its key", () => {
    const text = CLASSIC.replace("\nprices:", "\nprice:");
    const e = errorOf(text);
    expect(e.field).toBe("price");
    const line = text.split("\n").findIndex((l) => l.startsWith("price:")) + 1;
    expect(scenarioFieldPosition(text, "price")).toEqual({ line, column: 1, found: "price" });
    const app = text.split("\n").findIndex((l) => l.includes("- kind: app")) + 1;
    expect(scenarioFieldPosition(text, "stack.tiers[3]")).toEqual({
      line: app,
      column: 7,
      found: "stack.tiers[3]",
    });
  });

  it("a syntax error is at its line", () => {
    const lines = CLASSIC.split("\n");
    const at = lines.findIndex((l) => l.startsWith("machine:"));
    lines[at] = ` ${lines[at]}`; // one space in: no longer a key of the top level
    const text = lines.join("\n");
    const e = errorOf(text);
    expect(e.field).toBe("(file)");
    const position = scenarioFieldPosition(text, "(file)");
    expect(position?.line).toBe(at + 1);
    expect(e.message).toContain(`line ${at + 1}`);
    expect(scenarioFieldPosition(CLASSIC, "(file)")).toBeUndefined();
  });

  it("an absent field is shown at its nearest ancestor; nothing when no part of it is there", () => {
    const text = "load: { peakFactor: 2 }\nslo:\n  responseTimeSec: 250ms\n";
    expect(scenarioFieldPosition(text, "load.arrivalRatePerSec")).toEqual({
      line: 1,
      column: 1,
      found: "load",
    });
    expect(scenarioFieldPosition(text, "slo.quantile")).toEqual({
      line: 2,
      column: 1,
      found: "slo",
    });
    expect(scenarioFieldPosition(text, "stack.tiers[0]")).toBeUndefined();
    expect(scenarioFieldPosition(text, "load[2]")).toEqual({ line: 1, column: 1, found: "load" });
  });

  it("reads JSON as well", () => {
    const json = JSON.stringify({ load: { arrivalRatePerSec: -1 } }, null, 2);
    expect(scenarioFieldPosition(json, "load.arrivalRatePerSec")).toEqual({
      line: 3,
      column: 5,
      found: "load.arrivalRatePerSec",
    });
  });

  it("refuses a text or field that is not a string, naming it", () => {
    const call = scenarioFieldPosition as (text: unknown, field: unknown) => unknown;
    expect(() => call(undefined, "load")).toThrow(
      /scenarioFieldPosition: `text` must be a string \(got undefined\)/,
    );
    expect(() => call("load: {}", 3)).toThrow(ModelInputError);
    expect(() => call("load: {}", 3)).toThrow(/`field` must be a string \(got 3\)/);
  });
});
