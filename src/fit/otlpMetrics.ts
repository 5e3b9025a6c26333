import { DataFormatError, ModelInputError } from "../errors.js";
import { readerSource } from "./readerSource.js";

/** Attribute values as OTLP JSON carries them (`stringValue`, `intValue`, `doubleValue`, `boolValue`). */
export type OtlpAttributes = Record<string, string | number | boolean>;

/** One data point of an OTLP histogram. */
export interface OtlpHistogramPoint {
  attributes: OtlpAttributes;
  /** Start of the interval the counts cover, seconds since the Unix epoch. */
  startTimeSec: number;
  /** End of that interval, seconds since the Unix epoch. */
  timeSec: number;
  count: number;
  /** The sum of the recorded values, in the metric's unit; 0 when the point leaves it out. */
  sum: number;
  /** Counts per bucket (not cumulative), one more than `explicitBounds`. */
  bucketCounts: number[];
  /** The buckets' upper bounds (inclusive), in the metric's unit. */
  explicitBounds: number[];
}

/** One data point of an OTLP sum or gauge. */
export interface OtlpNumberPoint {
  attributes: OtlpAttributes;
  /** Seconds since the epoch; 0 when absent (gauges may leave it out). */
  startTimeSec: number;
  timeSec: number;
  value: number;
}

/** A metric of an OTLP file. */
export interface OtlpMetric {
  name: string;
  /** The UCUM unit (`"s"`, `"ms"`, `"{request}"`), `""` when absent. */
  unit: string;
  kind: "histogram" | "sum" | "gauge";
  /** `"delta"` (1) or `"cumulative"` (2) for histograms and sums; `"unspecified"` for gauges. */
  temporality: "delta" | "cumulative" | "unspecified";
  /** The attributes of the resource that reported it (`service.name`, …). */
  resource: OtlpAttributes;
  histogramPoints: OtlpHistogramPoint[];
  numberPoints: OtlpNumberPoint[];
  /** The line of the file it was on; 0 for a single object over several lines. */
  line: number;
}

/** Options of {@link parseOtlpMetrics}. */
export interface OtlpMetricsOptions {
  /**
   * The name of the text in error messages (a file name).
   * @default "OTLP metrics"
   */
  source?: string;
}

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** An OTLP int64 (a JSON string, or a number) as a number; NaN when it is neither. */
function int64(v: unknown): number {
  if (typeof v === "number") return v;
  return typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
}

/** Nanoseconds since the epoch (a decimal string) as seconds, without losing the nanoseconds. */
function nanosToSec(v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v === "number") return v / 1e9;
  if (typeof v !== "string" || !/^\d+$/.test(v)) return Number.NaN;
  const n = BigInt(v);
  return Number(n / 1_000_000_000n) + Number(n % 1_000_000_000n) / 1e9;
}

function attributes(v: unknown): OtlpAttributes {
  const out = Object.create(null) as OtlpAttributes; // keys from the file
  for (const kv of list(v)) {
    const value = (kv.value ?? {}) as Json;
    if (typeof kv.key !== "string") continue;
    if (typeof value.stringValue === "string") out[kv.key] = value.stringValue;
    else if (value.intValue !== undefined) out[kv.key] = int64(value.intValue);
    else if (typeof value.doubleValue === "number") out[kv.key] = value.doubleValue;
    else if (typeof value.boolValue === "boolean") out[kv.key] = value.boolValue;
  }
  return out;
}

function readMetric(m: Json, resource: OtlpAttributes, line: number, fail: (p: string) => never) {
  const name = typeof m.name === "string" ? m.name : fail("a metric without a name");
  const kind = m.histogram ? "histogram" : m.sum ? "sum" : m.gauge ? "gauge" : undefined;
  const body = (m.histogram ?? m.sum ?? m.gauge) as Json | undefined;
  if (!kind || !body) return undefined; // exponential histograms and summaries are not read
  const code = body.aggregationTemporality;
  const temporality =
    code === 1 || code === "AGGREGATION_TEMPORALITY_DELTA"
      ? "delta"
      : code === 2 || code === "AGGREGATION_TEMPORALITY_CUMULATIVE"
        ? "cumulative"
        : "unspecified";
  const metric: OtlpMetric = {
    name,
    unit: typeof m.unit === "string" ? m.unit : "",
    kind,
    temporality,
    resource,
    histogramPoints: [],
    numberPoints: [],
    line,
  };
  for (const p of list(body.dataPoints)) {
    const startTimeSec = nanosToSec(p.startTimeUnixNano);
    const timeSec = nanosToSec(p.timeUnixNano);
    if (!Number.isFinite(startTimeSec) || !Number.isFinite(timeSec)) {
      fail(`${name}: a time is not a count of nanoseconds`);
    }
    const attrs = attributes(p.attributes);
    if (kind === "histogram") {
      const bucketCounts = list(p.bucketCounts).map(int64);
      const explicitBounds = list(p.explicitBounds).map(Number);
      const count = int64(p.count);
      const sum = p.sum === undefined ? 0 : Number(p.sum);
      if (![...bucketCounts, ...explicitBounds, count, sum].every(Number.isFinite)) {
        fail(`${name}: count, sum, bucketCounts and explicitBounds must be numbers`);
      }
      if (bucketCounts.length > 0 && bucketCounts.length !== explicitBounds.length + 1) {
        fail(
          `${name}: ${bucketCounts.length} bucketCounts for ${explicitBounds.length} explicitBounds (must be one more)`,
        );
      }
      const total = bucketCounts.reduce((a, c) => a + c, 0);
      if (bucketCounts.length > 0 && total !== count) {
        fail(`${name}: count ${count} is not the sum of bucketCounts (${total})`);
      }
      metric.histogramPoints.push({
        attributes: attrs,
        startTimeSec,
        timeSec,
        count,
        sum,
        bucketCounts,
        explicitBounds,
      });
    } else {
      const value = p.asDouble !== undefined ? Number(p.asDouble) : int64(p.asInt);
      if (!Number.isFinite(value)) fail(`${name}: a data point without asDouble or asInt`);
      metric.numberPoints.push({ attributes: attrs, startTimeSec, timeSec, value });
    }
  }
  return metric;
}

/**
 * Reads OTLP metrics in JSON, as the OpenTelemetry collector's file exporter writes them: one
 * `{"resourceMetrics": [...]}` object a line, or a single such object over several lines. It walks
 * `resourceMetrics → scopeMetrics → metrics` and keeps histograms, sums and gauges (int64 fields,
 * written as strings in OTLP JSON, become numbers; times become seconds since the epoch).
 *
 * @param text - The file's contents.
 * @param options - {@link OtlpMetricsOptions}.
 * @returns The metrics in file order, one entry per metric per exported object.
 * @throws {@link DataFormatError} naming the line for text that is not JSON, a histogram point whose
 *   `bucketCounts` is not one longer than its `explicitBounds` or does not add up to its `count`.
 * @see https://opentelemetry.io/docs/specs/otel/protocol/file-exporter/
 * @example
 * ```ts
 * parseOtlpMetrics('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"http.server.active_requests","unit":"{request}","sum":{"dataPoints":[{"timeUnixNano":"1700000000000000000","asInt":"3"}]}}]}]}]}')[0].numberPoints[0].value; // => 3
 * ```
 */
export function parseOtlpMetrics(text: string, options: OtlpMetricsOptions = {}): OtlpMetric[] {
  if (typeof text !== "string") {
    throw new ModelInputError("parseOtlpMetrics", "text", text, "a string");
  }
  const source = readerSource("parseOtlpMetrics", options, "OTLP metrics");
  const lines = text.split("\n");
  let objects: { value: unknown; line: number }[];
  try {
    objects = lines.flatMap((l, i) =>
      l.trim() === "" ? [] : [{ value: JSON.parse(l), line: i + 1 }],
    );
  } catch {
    // Not one object a line: a single object over several lines, or broken JSON.
    try {
      objects = [{ value: JSON.parse(text), line: 0 }];
    } catch {
      const bad = lines.findIndex((l) => {
        try {
          if (l.trim() !== "") JSON.parse(l);
          return false;
        } catch {
          return true;
        }
      });
      throw new DataFormatError(source, bad + 1, "not a JSON object");
    }
  }
  const metrics: OtlpMetric[] = [];
  for (const { value, line } of objects) {
    const fail = (problem: string): never => {
      throw new DataFormatError(source, line, problem);
    };
    if (typeof value !== "object" || value === null || !("resourceMetrics" in value)) {
      fail('no "resourceMetrics"');
    }
    for (const rm of list((value as Json).resourceMetrics)) {
      const resource = attributes(((rm.resource ?? {}) as Json).attributes);
      for (const sm of list(rm.scopeMetrics)) {
        for (const m of list(sm.metrics)) {
          const metric = readMetric(m, resource, line, fail);
          if (metric) metrics.push(metric);
        }
      }
    }
  }
  return metrics;
}
