import { DataFormatError, ModelInputError } from "../errors.js";
import { readerSource } from "./readerSource.js";

/** One sample of a k6 metric. */
export interface K6Point {
  /** When k6 took the sample, seconds since the Unix epoch. */
  timeSec: number;
  /** Seconds for a metric that `contains: "time"` (k6 writes milliseconds), else as k6 wrote it. */
  value: number;
  /** The sample's tags (`method`, `name`, `status`, `url`, `scenario`, …); `{}` when k6 wrote `null`. */
  tags: Record<string, string>;
}

/** A k6 metric with its samples, in file order. */
export interface K6Metric {
  name: string;
  /** k6's metric type. */
  type: "trend" | "counter" | "rate" | "gauge";
  /** What the values are: `"time"` (here in seconds), `"data"` (bytes) or `"default"`. */
  contains: string;
  points: K6Point[];
}

/** Options of {@link parseK6Json}. */
export interface K6JsonOptions {
  /**
   * The name of the text in error messages (a file name).
   * @default "k6 output"
   */
  source?: string;
}

const TYPES = new Set(["trend", "counter", "rate", "gauge"]);

/** An RFC 3339 time such as `2017-05-09T14:34:45.239531499+02:00` as seconds since the epoch. */
function rfc3339Sec(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.exec(text);
  if (!m) return Number.NaN;
  // Whole seconds through Date (it keeps only milliseconds), the fraction added separately.
  const whole = Date.parse(`${m[1]}${(m[3] ?? "").toUpperCase()}`) / 1000;
  return whole + (m[2] ? Number(`0${m[2]}`) : 0);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the output of `k6 run --out json=FILE`: one JSON object a line, a `Metric` line declaring
 * each metric (its type and whether it `contains` time) before the `Point` lines of its samples.
 * Times are converted to seconds since the epoch, and the values of time metrics from k6's
 * milliseconds to seconds; counters, rates, gauges and data (bytes) are kept as written.
 *
 * @param text - The file's contents.
 * @param options - {@link K6JsonOptions}.
 * @returns The metrics by name, each with its points in file order.
 * @throws {@link DataFormatError} naming the line for a line that is not JSON, a `Point` of a
 *   metric not declared before it, or a missing or ill-typed field.
 * @see https://grafana.com/docs/k6/latest/results-output/real-time/json/
 * @example
 * ```ts
 * parseK6Json('{"type":"Metric","metric":"http_req_duration","data":{"type":"trend","contains":"time"}}\n{"type":"Point","metric":"http_req_duration","data":{"time":"2026-01-01T00:00:00Z","value":12.5,"tags":null}}').http_req_duration.points[0].value; // => 0.0125
 * ```
 */
export function parseK6Json(text: string, options: K6JsonOptions = {}): Record<string, K6Metric> {
  if (typeof text !== "string") throw new ModelInputError("parseK6Json", "text", text, "a string");
  const source = readerSource("parseK6Json", options, "k6 output");
  // Without a prototype, so that metrics named `__proto__` or `constructor` are plain keys.
  const metrics: Record<string, K6Metric> = Object.create(null) as Record<string, K6Metric>;
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const fail = (problem: string): never => {
      throw new DataFormatError(source, line, problem);
    };
    if (raw.trim() === "") return;
    let o: unknown;
    try {
      o = JSON.parse(raw);
    } catch {
      fail("not a JSON object");
    }
    if (!isObject(o)) return fail("not a JSON object");
    const data = o.data;
    const name = o.metric;
    if (typeof name !== "string" || name === "") fail('no "metric" name');
    if (!isObject(data)) return fail('no "data" object');
    if (o.type === "Metric") {
      if (typeof data.type !== "string" || !TYPES.has(data.type)) {
        fail(`metric ${String(name)}: "type" is not trend, counter, rate or gauge`);
      }
      const contains = typeof data.contains === "string" ? data.contains : "default";
      const known = metrics[name as string];
      metrics[name as string] = {
        name: name as string,
        type: data.type as K6Metric["type"],
        contains,
        points: known?.points ?? [],
      };
    } else if (o.type === "Point") {
      const metric = metrics[name as string];
      if (!metric) return fail(`a Point of ${String(name)} before its Metric line`);
      const timeSec = typeof data.time === "string" ? rfc3339Sec(data.time) : Number.NaN;
      if (!Number.isFinite(timeSec)) fail('"time" is not an RFC 3339 time');
      if (typeof data.value !== "number" || !Number.isFinite(data.value)) {
        fail('"value" is not a number');
      }
      const tags = Object.create(null) as Record<string, string>;
      if (data.tags !== null && data.tags !== undefined) {
        if (!isObject(data.tags)) fail('"tags" is not an object');
        for (const [k, v] of Object.entries(data.tags as object)) tags[k] = String(v);
      }
      const value = data.value as number;
      metric.points.push({
        timeSec,
        value: metric.contains === "time" ? value / 1000 : value,
        tags,
      });
    } else {
      fail('"type" is neither "Metric" nor "Point"');
    }
  });
  return metrics;
}
