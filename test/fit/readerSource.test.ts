import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";

// Every reader of users' files takes the same options, checked in one place (fit/readerSource.ts).
const READERS = [
  "parseAccessLog",
  "parseLocustStats",
  "parseLocustHistory",
  "parsePrometheusText",
  "parseK6Json",
  "parseK6Summary",
  "parseOtlpMetrics",
] as const;

describe("the readers' options", () => {
  it("a misspelled option is refused naming the option meant; an empty source too", () => {
    for (const name of READERS) {
      const read = api[name] as (text: string, ...rest: unknown[]) => unknown;
      const call = (options: unknown) =>
        name === "parseAccessLog" ? read("x", undefined, options) : read("x", options);
      expect(() => call({ sorce: "a.txt" }), name).toThrow(
        new RegExp(`^${name}: \`options\\.sorce\` must be absent: did you mean \`source\`\\?`),
      );
      expect(() => call({ source: "" }), name).toThrow(
        /`options\.source` must be a non-empty string/,
      );
    }
  });
});
