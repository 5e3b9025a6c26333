import { DataFormatError, ModelInputError } from "../errors.js";
import { readerSource } from "./readerSource.js";
import { compileLogFormat, type ParsedLine } from "./logFormat.js";
import { assertNonNegative, assertObject } from "../validate.js";

/** One request of an access log. */
export interface AccessLogEntry {
  /** When the request was logged (its end, for Apache and nginx), seconds since the Unix epoch. */
  timeSec: number;
  /** The server's response time for it, seconds. */
  responseTimeSec: number;
  status: number;
  /** The request's method (`GET`), when the log has it. */
  method?: string;
  /** The request's path without its query string (`/items`), when the log has it. */
  path?: string;
}

/**
 * The named access-log layouts: a `[timestamp]`, the quoted request line, the status, and the
 * response time as the line's last field, in the unit the name says — Apache's `%D` (µs) or `%T`
 * (s), gunicorn's `%(D)s` (µs), `%(L)s` (decimal s), `%(M)s` (ms) or `%(T)s` (s), nginx's
 * `$request_time` or `$upstream_response_time` (s), e.g. `LogFormat "%h %l %u %t \"%r\" %>s %b %D"`.
 * Any other layout: pass the server's own format string instead (see {@link parseAccessLog}).
 */
export type AccessLogFormat =
  | "apache-%D"
  | "apache-%T"
  | "gunicorn-%(D)s"
  | "gunicorn-%(L)s"
  | "gunicorn-%(M)s"
  | "gunicorn-%(T)s"
  | "nginx-$request_time"
  | "nginx-$upstream_response_time";

/** Units per second of each named layout's last field. */
const UNITS: Record<AccessLogFormat, number> = {
  "apache-%D": 1e6,
  "apache-%T": 1,
  "gunicorn-%(D)s": 1e6,
  "gunicorn-%(L)s": 1,
  "gunicorn-%(M)s": 1e3,
  "gunicorn-%(T)s": 1,
  "nginx-$request_time": 1,
  "nginx-$upstream_response_time": 1,
};

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

/** A layout's last field: a `[timestamp]`, the quoted request, the status, …, the time. */
const LAST_FIELD =
  /\[([^\]]+)\]\s+"([^"]*)"\s+(\d{3})\s+\S+.*\s((?:\d+(?:\.\d+)?, )*\d+(?:\.\d+)?)\s*$/;

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
  const read = lineReader(model, format);
  const entries: AccessLogEntry[] = [];
  let skipped = 0;
  let firstSkipped = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    const parsed = read.line(line);
    const timeSec = parsed ? logTime(parsed.timestamp) : Number.NaN;
    if (!parsed || !Number.isFinite(timeSec)) {
      skipped++;
      firstSkipped ||= i + 1;
      continue;
    }
    if (read.decimal !== undefined && parsed.raw.includes(".") !== read.decimal) {
      throw new DataFormatError(
        source,
        i + 1,
        read.decimal
          ? format === undefined
            ? `the response time ${parsed.raw} has no unit (µs, ms or s?): give the log format, e.g. gunicorn's '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(D)s' or "apache-%D"`
            : `the response time ${parsed.raw} is a whole number, but ${read.timeField} writes decimal seconds`
          : `the response time ${parsed.raw} has a decimal point, but ${read.timeField} counts whole units: is it gunicorn's %(L)s or nginx's $request_time?`,
      );
    }
    const entry: AccessLogEntry = {
      timeSec,
      responseTimeSec: parsed.responseTimeSec,
      status: parsed.status,
    };
    if (parsed.method !== "") entry.method = parsed.method;
    if (parsed.path !== "") entry.path = parsed.path;
    entries.push(entry);
  }
  if (entries.length === 0) {
    throw new DataFormatError(
      source,
      firstSkipped,
      `no line in the ${read.name} format (${skipped} lines)`,
    );
  }
  return { entries, skipped, timeField: read.timeField };
}

/** A parsed line with the time field's text. */
type Read = ParsedLine & { raw: string };

/** The reader of one line for a format: named, a server's format string, or decimal seconds. */
function lineReader(
  model: string,
  format: string | undefined,
): {
  name: string;
  timeField: string;
  /** Whether the time field must have a decimal point (undefined: the format itself says). */
  decimal: boolean | undefined;
  line(text: string): Read | undefined;
} {
  if (format === undefined || Object.hasOwn(UNITS, format)) {
    const perSecond = format === undefined ? 1 : UNITS[format as AccessLogFormat];
    return {
      name: format ?? "decimal-seconds",
      timeField: format === undefined ? "decimal seconds" : format.replace(/^\w+-/, ""),
      decimal: format === undefined || (perSecond === 1 && !/%\(T\)s|%T/.test(format)),
      line(text) {
        const m = LAST_FIELD.exec(text);
        if (!m) return undefined;
        const raw = (m[4] ?? "").split(", ").at(-1) ?? "";
        const [method = "", target = ""] = (m[2] ?? "").split(" ");
        return {
          timestamp: m[1] ?? "",
          responseTimeSec: Number(raw) / perSecond,
          status: Number(m[3]),
          method,
          path: target.split("?")[0] ?? "",
          raw,
        };
      },
    };
  }
  if (typeof format !== "string" || !/[%$]/.test(format)) {
    throw new ModelInputError(
      model,
      "format",
      format,
      `one of ${Object.keys(UNITS).join(", ")}, or a gunicorn, Apache or nginx log-format string`,
    );
  }
  const compiled = compileLogFormat(format);
  if (typeof compiled === "string") {
    throw new ModelInputError(model, "format", format, `a log format with a ${compiled.slice(3)}`);
  }
  return {
    name: `${compiled.server} log-format`,
    timeField: compiled.time.name,
    decimal: undefined,
    line(text) {
      const p = compiled.read(text);
      return p ? { ...p, raw: "" } : undefined;
    },
  };
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
