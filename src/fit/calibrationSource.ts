import { DataFormatError, ModelInputError } from "../errors.js";
import { accessLogDigester, type AccessLogDigest } from "./accessLogDigest.js";
import { DATA_FORMAT_NAMES, detectFormat, type DataFormat } from "./detectFormat.js";
import { parseK6Json, type K6Metric } from "./k6Json.js";
import { parseK6Summary, type K6Summary } from "./k6Summary.js";
import { parseLocustHistory, type LocustHistoryRow } from "./locustHistory.js";
import { parseLocustStats, type LocustStatsRow } from "./locustStats.js";
import { parseOtlpMetrics, type OtlpMetric } from "./otlpMetrics.js";
import { parsePrometheusScrapes, type TimedScrape } from "./prometheusScrapes.js";

/** A file read for {@link calibrate}, by kind; `source` is its name in what users read. */
export type CalibrationSource =
  | { format: "access-log"; source: string; digest: AccessLogDigest }
  | { format: "prometheus"; source: string; scrapes: TimedScrape[] }
  | { format: "locust-history"; source: string; rows: LocustHistoryRow[] }
  | { format: "locust-stats"; source: string; rows: LocustStatsRow[] }
  | { format: "k6-json"; source: string; metrics: Record<string, K6Metric> }
  | { format: "k6-summary"; source: string; summary: K6Summary }
  | { format: "otlp-json"; source: string; metrics: OtlpMetric[] }
  | { format: "ps"; source: string; text: string };

/**
 * Reads one file for {@link calibrate}: its kind detected from its content
 * ({@link detectFormat}), then read by that kind's reader. An access log is digested
 * ({@link accessLogDigester}); for one too large to hold as text, digest it line by line and
 * pass `{ format: "access-log", source, digest }` to {@link calibrate} instead.
 *
 * @param source - The file's name, which errors and the report give.
 * @param text - Its contents.
 * @param options - `logFormat`: an access log's format (see {@link parseAccessLog}).
 * @returns The source.
 * @throws {@link DataFormatError} naming the file (and line) when its kind is none of those
 * known or its content cannot be read.
 * @example
 * ```ts
 * readCalibrationSource("m.prom", "# scrape at 100\nup 1\n").format; // => "prometheus"
 * ```
 */
export function readCalibrationSource(
  source: string,
  text: string,
  options: { logFormat?: string } = {},
): CalibrationSource {
  const model = "readCalibrationSource";
  if (typeof source !== "string" || source === "") {
    throw new ModelInputError(model, "source", source, "a non-empty file name");
  }
  if (typeof text !== "string") throw new ModelInputError(model, "text", text, "a string");
  const format: DataFormat | undefined =
    options.logFormat !== undefined && detectFormat(text.slice(0, 65536)) === undefined
      ? "access-log"
      : detectFormat(text.slice(0, 65536));
  if (format === undefined) throw unknownFormat(source);
  const o = { source };
  switch (format) {
    case "access-log": {
      const d = accessLogDigester(options.logFormat, o);
      text.split("\n").forEach((line, i) => d.add(line, i + 1));
      return { format, source, digest: d.digest() };
    }
    case "prometheus":
      return { format, source, scrapes: parsePrometheusScrapes(text, o) };
    case "locust-history":
      return { format, source, rows: parseLocustHistory(text, o) };
    case "locust-stats":
      return { format, source, rows: parseLocustStats(text, o) };
    case "k6-json":
      return { format, source, metrics: parseK6Json(text, o) };
    case "k6-summary":
      return { format, source, summary: parseK6Summary(text, o) };
    case "otlp-json":
      return { format, source, metrics: parseOtlpMetrics(text, o) };
    case "ps":
      return { format, source, text };
  }
}

/** The error for a file of no known kind, listing the kinds. */
export function unknownFormat(source: string): DataFormatError {
  return new DataFormatError(
    source,
    0,
    `not a file pywebperf reads (${Object.values(DATA_FORMAT_NAMES).join(", ")}); for an access log in another layout give its format with --log-format`,
  );
}
