import { describe, expect, it } from "vitest";
import { DataFormatError, ModelInputError, parsePrometheusScrapes } from "../../src/index.js";
import { thrown } from "../helpers.js";
import { readPrometheus as read, scrape, series } from "./fixtures.js";

describe("parsePrometheusScrapes", () => {
  it("splits a series at its # scrape at lines, with times and the file's line numbers", () => {
    const scrapes = parsePrometheusScrapes(series, { source: "series.prom" });
    expect(scrapes.map((s) => s.atSec)).toEqual([
      Date.UTC(2026, 11, 2, 10, 0, 0) / 1000,
      Date.UTC(2026, 11, 2, 10, 0, 30, 500) / 1000,
    ]);
    const lines = series.split("\n");
    const second = scrapes[1]!;
    expect(lines[second.line - 1]).toMatch(/^# scrape at/);
    for (const f of second.scrape.families) {
      for (const s of f.samples) expect(lines[s.line - 1]!.startsWith(s.name)).toBe(true);
    }
  });

  it("reads a file without # scrape at lines as one scrape at an unknown time", () => {
    const scrapes = parsePrometheusScrapes(read("scrape-1.txt"));
    expect(scrapes).toHaveLength(1);
    expect(scrapes[0]!.atSec).toBeUndefined();
    expect(scrapes[0]!.line).toBe(1);
  });

  it("names the file's line of an error inside the second scrape", () => {
    const text = `# scrape at 100\n${scrape(1, 1)}# scrape at 110\nup 1\nbad line{\n`;
    const e = thrown(DataFormatError, () => parsePrometheusScrapes(text, { source: "s.prom" }));
    expect(e.line).toBe(text.split("\n").indexOf("bad line{") + 1);
    expect(e.message).toMatch(/^s\.prom:\d+: /);
  });

  it("refuses a time that is not one, scrapes out of order, samples before the first time", () => {
    expect(() => parsePrometheusScrapes("# scrape at yesterday\nup 1\n")).toThrow(
      /:1: "yesterday" is not a time/,
    );
    expect(() => parsePrometheusScrapes("# scrape at 200\nup 1\n# scrape at 100\nup 1\n")).toThrow(
      /:3: this scrape is earlier/,
    );
    expect(() => parsePrometheusScrapes("up 1\n# scrape at 100\nup 1\n")).toThrow(
      /:1: samples before the first # scrape at/,
    );
    expect(() => parsePrometheusScrapes("\n\n")).toThrow(/no Prometheus sample/);
    expect(() => parsePrometheusScrapes("up 1", { source: "" })).toThrow(ModelInputError);
  });
});
