import { ModelInputError } from "../errors.js";
import { assertNonNegative, assertObject } from "../validate.js";

/** One request of an access log. */
export interface AccessLogEntry {
  /** When the request was logged (its end, for Apache and nginx), seconds since the Unix epoch. */
  timeSec: number;
  /** The server's response time for it, seconds. */
  responseTimeSec: number;
  status: number;
}

/**
 * The access-log formats read: Apache's with `%D` (microseconds) and nginx's with
 * `$request_time` (seconds, millisecond resolution), each as the last field of a line that has
 * the `[%t]` / `[$time_local]` timestamp and the status after the quoted request line, e.g.
 * `LogFormat "%h %l %u %t \"%r\" %>s %b %D"` or
 * `log_format timed '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent $request_time';`.
 */
export type AccessLogFormat = "apache-%D" | "nginx-$request_time";

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** `27/Nov/2026:03:08:02 +0000` as seconds since the epoch. */
function logTime(text: string): number {
  const m = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  const month = m ? MONTHS[m[2] ?? ""] : undefined;
  if (!m || month === undefined) return Number.NaN;
  const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  const offset = (m[7] === "-" ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return (utc - offset) / 1000;
}

/**
 * Reads an access log whose lines end in a response time. Lines that do not parse (headers,
 * other formats) are counted in `skipped`, not guessed at.
 *
 * @param text - The log's contents.
 * @param format - Where the response time is and in which unit ({@link AccessLogFormat}).
 * @returns The entries in file order and how many lines were skipped.
 * @throws {@link ModelInputError} for an unknown format or when no line parses.
 * @example
 * ```ts
 * parseAccessLog('127.0.0.1 - - [27/Nov/2026:03:08:02 +0000] "GET / HTTP/1.1" 200 3 12500', "apache-%D").entries[0].responseTimeSec; // => 0.0125
 * ```
 */
export function parseAccessLog(
  text: string,
  format: AccessLogFormat,
): { entries: AccessLogEntry[]; skipped: number } {
  const model = "parseAccessLog";
  if (format !== "apache-%D" && format !== "nginx-$request_time") {
    throw new ModelInputError(model, "format", format, '"apache-%D" or "nginx-$request_time"');
  }
  if (typeof text !== "string") throw new ModelInputError(model, "text", text, "a string");
  const perSecond = format === "apache-%D" ? 1e6 : 1; // %D counts microseconds
  const entries: AccessLogEntry[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const m = /\[([^\]]+)\]\s+"[^"]*"\s+(\d{3})\s+\S+.*\s(\d+(?:\.\d+)?)\s*$/.exec(line);
    const timeSec = m ? logTime(m[1] ?? "") : Number.NaN;
    if (!m || !Number.isFinite(timeSec)) {
      skipped++;
      continue;
    }
    entries.push({ timeSec, responseTimeSec: Number(m[3]) / perSecond, status: Number(m[2]) });
  }
  if (entries.length === 0) {
    throw new ModelInputError(model, "text", `${skipped} lines`, `lines in the ${format} format`);
  }
  return { entries, skipped };
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
    const o = assertObject(model, e, `entries[${i}]`, ["timeSec", "responseTimeSec", "status"]);
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
