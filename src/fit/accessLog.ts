import { ModelInputError } from "../errors.js";
import type { AccessLogEntry, AccessLogFormat } from "./accessLogEntry.js";
import { accessLogLineReader } from "./accessLogLines.js";
import { readerSource } from "./readerSource.js";
import { assertNonNegative, assertObject } from "../validate.js";

/**
 * Reads an access log. The response time's unit comes from the format, never from a guess:
 *
 * - a named layout ({@link AccessLogFormat}) whose last field is the time;
 * - the server's own format string — gunicorn's `--access-logformat`
 *   (`%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(L)s`), Apache's `LogFormat`
 *   (`%h %l %u %t \"%r\" %>s %b %D`) or nginx's `log_format`
 *   (`$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent $request_time`),
 *   the finest time atom it has being used;
 * - nothing: the layout of the named ones, whose last field must then be a decimal number of
 *   seconds (gunicorn's `%(L)s`, nginx's times); an integer there could be µs, ms or s, and is
 *   an error that asks for the format.
 *
 * Lines that do not match (other output in the file) are counted in `skipped`; a log in which
 * no line matches, or whose times change unit, is an error naming the line.
 *
 * @param text - The log's contents.
 * @param format - A named layout, a server's format string, or undefined to read decimal seconds.
 * @param options - `source`: the file name errors give (default `"access log"`).
 * @returns The entries in file order (with method and path where the log has them), how many
 *   lines were skipped, and the time field read (`"%(L)s"`, `"%D"`, …).
 * @throws {@link ModelInputError} for a format that is neither; {@link DataFormatError} naming
 *   the source and line for a log that cannot be read.
 * @example
 * ```ts
 * parseAccessLog('127.0.0.1 - - [27/Nov/2026:03:08:02 +0000] "GET / HTTP/1.1" 200 3 12500', "apache-%D").entries[0].responseTimeSec; // => 0.0125
 * ```
 */
export function parseAccessLog(
  text: string,
  format?: AccessLogFormat | string,
  options: { source?: string } = {},
): { entries: AccessLogEntry[]; skipped: number; timeField: string } {
  const model = "parseAccessLog";
  if (typeof text !== "string") throw new ModelInputError(model, "text", text, "a string");
  const source = readerSource(model, options, "access log");
  const reader = accessLogLineReader(model, format, source);
  const entries: AccessLogEntry[] = [];
  text.split("\n").forEach((line, i) => {
    const entry = reader.read(line, i + 1);
    if (entry) entries.push(entry);
  });
  reader.finish();
  return { entries, skipped: reader.skipped, timeField: reader.timeField };
}

/** Result of {@link summarizeAccessLog}. */
export interface AccessLogSummary {
  requests: number;
  /** From the first to the last second logged, inclusive, seconds. */
  spanSec: number;
  throughputPerSec: number;
  meanResponseTimeSec: number;
  /** Squared coefficient of variation of the response times. */
  responseTimeScv: number;
  /** Mean requests in the server over the span, by Little's law: Σ response times / span. */
  meanInFlight: number;
  /**
   * Mean response time in the quietest tenth of the seconds (fewest requests, at least one): close
   * to the time a request takes when nothing queues, the `ioTimeSec + cpuTimeSec` of a profile.
   */
  lightLoadResponseTimeSec: number;
}

/**
 * Throughput, response times and in-flight requests of an access log, second by second and over
 * the whole span; the quietest seconds approximate the response time without queueing.
 *
 * @param entries - From {@link parseAccessLog}.
 * @returns The summary.
 * @throws {@link ModelInputError} when there is no entry.
 * @example
 * ```ts
 * summarizeAccessLog([{ timeSec: 0, responseTimeSec: 0.01, status: 200 }, { timeSec: 1, responseTimeSec: 0.03, status: 200 }]).meanInFlight; // => 0.02
 * ```
 */
export function summarizeAccessLog(entries: readonly AccessLogEntry[]): AccessLogSummary {
  const model = "summarizeAccessLog";
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new ModelInputError(model, "entries", entries, "a non-empty array of log entries");
  }
  let first = Infinity;
  let last = -Infinity;
  let sum = 0;
  const perSecond = new Map<number, { count: number; sum: number }>();
  entries.forEach((e: unknown, i) => {
    const o = assertObject(model, e, `entries[${i}]`, [
      "timeSec",
      "responseTimeSec",
      "status",
      "method",
      "path",
    ]);
    assertNonNegative(model, `entries[${i}].timeSec`, o.timeSec);
    assertNonNegative(model, `entries[${i}].responseTimeSec`, o.responseTimeSec);
  });
  for (const e of entries) {
    first = Math.min(first, e.timeSec);
    last = Math.max(last, e.timeSec);
    sum += e.responseTimeSec;
    const second = Math.floor(e.timeSec);
    const s = perSecond.get(second) ?? { count: 0, sum: 0 };
    s.count++;
    s.sum += e.responseTimeSec;
    perSecond.set(second, s);
  }
  const n = entries.length;
  const mean = sum / n;
  // Deviations in units of the mean, so that times of 1e200 s do not overflow their squares.
  let relative = 0;
  for (const e of entries) relative += ((e.responseTimeSec - mean) / mean) ** 2;
  const span = Math.floor(last) - Math.floor(first) + 1;
  const seconds = [...perSecond.values()].sort((a, b) => a.count - b.count);
  const quiet = seconds.slice(0, Math.max(1, Math.floor(seconds.length / 10)));
  const quietCount = quiet.reduce((a, s) => a + s.count, 0);
  return {
    requests: n,
    spanSec: span,
    throughputPerSec: n / span,
    meanResponseTimeSec: mean,
    responseTimeScv: mean > 0 && n > 1 ? relative / (n - 1) : 0,
    meanInFlight: sum / span,
    lightLoadResponseTimeSec: quiet.reduce((a, s) => a + s.sum, 0) / quietCount,
  };
}
