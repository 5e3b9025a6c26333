import { DataFormatError, ModelInputError } from "../errors.js";
import type { AccessLogEntry, AccessLogFormat } from "./accessLogEntry.js";
import { compileLogFormat, type ParsedLine } from "./logFormat.js";

// Reading an access log one line at a time, so that a day of log can stream through
// (parseAccessLog and the digest of the CLI's calibrate both use it).

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

/** Reads an access log one line at a time; made by {@link accessLogLineReader}. */
export interface AccessLogLineReader {
  /** The time field read: `"%(L)s"`, `"%D"`, `"decimal seconds"`, … */
  readonly timeField: string;
  /** Lines read so far that did not match the format (other output in the file). */
  readonly skipped: number;
  /** Requests read so far. */
  readonly entries: number;
  /**
   * The request on `text`, line `number` (1-based) of the source; undefined for a blank line or
   * one that does not match (counted in `skipped`).
   * @throws {@link DataFormatError} naming the source and line when the time's unit changes.
   */
  read(text: string, number: number): AccessLogEntry | undefined;
  /** @throws {@link DataFormatError} when no line of the log matched the format. */
  finish(): void;
}

/**
 * The line reader of {@link parseAccessLog} for a format (see there), for logs too large to hold
 * in memory: a caller feeds it the lines and keeps what it needs of each entry.
 *
 * @param model - The function name errors about `format` give.
 * @param format - A named layout, a server's format string, or undefined for decimal seconds.
 * @param source - The name errors about the log give (its file name).
 * @returns The reader.
 * @throws {@link ModelInputError} for a format that is neither.
 */
export function accessLogLineReader(
  model: string,
  format: AccessLogFormat | string | undefined,
  source: string,
): AccessLogLineReader {
  const reader = lineReader(model, format);
  let skipped = 0;
  let entries = 0;
  let firstSkipped = 0;
  return {
    timeField: reader.timeField,
    get skipped() {
      return skipped;
    },
    get entries() {
      return entries;
    },
    read(text, number) {
      if (text.trim() === "") return undefined;
      const parsed = reader.line(text);
      const timeSec = parsed ? logTime(parsed.timestamp) : Number.NaN;
      if (!parsed || !Number.isFinite(timeSec)) {
        skipped++;
        firstSkipped ||= number;
        return undefined;
      }
      if (reader.decimal !== undefined && parsed.raw.includes(".") !== reader.decimal) {
        throw new DataFormatError(source, number, unitProblem(parsed.raw, reader, format));
      }
      const entry: AccessLogEntry = {
        timeSec,
        responseTimeSec: parsed.responseTimeSec,
        status: parsed.status,
      };
      if (parsed.method !== "") entry.method = parsed.method;
      if (parsed.path !== "") entry.path = parsed.path;
      entries++;
      return entry;
    },
    finish() {
      if (entries === 0) {
        throw new DataFormatError(
          source,
          firstSkipped,
          `no line in the ${reader.name} format (${skipped} lines)`,
        );
      }
    },
  };
}

/** Why a time's text does not fit the unit the format says. */
function unitProblem(
  raw: string,
  reader: { decimal: boolean | undefined; timeField: string },
  format: string | undefined,
): string {
  if (!reader.decimal) {
    return `the response time ${raw} has a decimal point, but ${reader.timeField} counts whole units: is it gunicorn's %(L)s or nginx's $request_time?`;
  }
  return format === undefined
    ? `the response time ${raw} has no unit (µs, ms or s?): give the log format, e.g. gunicorn's '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(D)s' or "apache-%D"`
    : `the response time ${raw} is a whole number, but ${reader.timeField} writes decimal seconds`;
}
