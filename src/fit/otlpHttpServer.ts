import { DataFormatError } from "../errors.js";
import type { OtlpAttributes, OtlpMetric } from "./otlpMetrics.js";

/** The request durations of one set of attributes, as cumulative buckets in seconds. */
export interface OtlpDurationHistogram {
  /** `http.server.request.duration` or the older `http.server.duration`. */
  metric: string;
  attributes: OtlpAttributes;
  /** Start and end of the interval the counts cover, seconds since the epoch. */
  startTimeSec: number;
  timeSec: number;
  requests: number;
  /** The sum of the durations, seconds. */
  sumSec: number;
  /** Requests that took at most `leSec`, cumulative, the last bucket with `leSec: Infinity`. */
  buckets: { leSec: number; count: number }[];
}

/** Options of {@link otlpRequestDurations}. */
export interface OtlpRequestDurationsOptions {
  /**
   * Only the data points whose attributes have these values, e.g. `{ "http.route": "/items" }`.
   * @default {}
   */
  attributes?: Readonly<OtlpAttributes>;
  /**
   * The name of the file in error messages.
   * @default "OTLP metrics"
   */
  source?: string;
}

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, ms: 1e-3 };
const NAMES = new Set(["http.server.request.duration", "http.server.duration"]);

function matches(attributes: OtlpAttributes, wanted: Readonly<OtlpAttributes>): boolean {
  return Object.entries(wanted).every(([k, v]) => attributes[k] === v);
}

/**
 * The HTTP server request durations of an OTLP file, per set of attributes: the stable
 * `http.server.request.duration` (unit `s`) or the older `http.server.duration` that Python
 * instrumentations emit without `OTEL_SEMCONV_STABILITY_OPT_IN=http` (unit `ms`), in seconds.
 * Delta points of the same attributes are added up; of cumulative ones the latest is kept.
 *
 * @param metrics - From {@link parseOtlpMetrics}.
 * @param options - {@link OtlpRequestDurationsOptions}.
 * @returns One histogram per set of attributes, in order of first appearance; `[]` when none.
 * @throws {@link DataFormatError} for a duration in a unit other than `s` or `ms`, or delta
 *   points of the same attributes with different bounds.
 * @see https://opentelemetry.io/docs/specs/semconv/http/http-metrics/
 * @example
 * ```ts
 * otlpRequestDurations([{ name: "http.server.duration", unit: "ms", kind: "histogram", temporality: "cumulative", resource: {}, line: 1, numberPoints: [], histogramPoints: [{ attributes: {}, startTimeSec: 0, timeSec: 60, count: 3, sum: 40, bucketCounts: [1, 2], explicitBounds: [10] }] }])[0].buckets[0].leSec; // => 0.01
 * ```
 */
export function otlpRequestDurations(
  metrics: readonly OtlpMetric[],
  options: OtlpRequestDurationsOptions = {},
): OtlpDurationHistogram[] {
  const source = options.source ?? "OTLP metrics";
  const wanted = options.attributes ?? {};
  const series = new Map<string, OtlpDurationHistogram & { counts: number[] }>();
  for (const m of metrics) {
    if (m.kind !== "histogram" || !NAMES.has(m.name)) continue;
    const perUnit = SECONDS_PER_UNIT[m.unit];
    if (perUnit === undefined) {
      throw new DataFormatError(source, m.line, `${m.name} in unknown unit "${m.unit}"`);
    }
    for (const p of m.histogramPoints) {
      if (!matches(p.attributes, wanted)) continue;
      const key = JSON.stringify([m.name, Object.entries(p.attributes).sort()]);
      const bounds = p.explicitBounds.map((b) => b * perUnit);
      const known = series.get(key);
      if (known && m.temporality === "delta") {
        const same =
          known.counts.length === p.bucketCounts.length &&
          bounds.every((b, i) => b === known.buckets[i]?.leSec);
        if (!same) {
          throw new DataFormatError(source, m.line, `${m.name}: delta points with other bounds`);
        }
        p.bucketCounts.forEach((c, i) => (known.counts[i] = (known.counts[i] ?? 0) + c));
        known.requests += p.count;
        known.sumSec += p.sum * perUnit;
        known.startTimeSec = Math.min(known.startTimeSec, p.startTimeSec);
        known.timeSec = Math.max(known.timeSec, p.timeSec);
      } else if (!known || p.timeSec >= known.timeSec) {
        series.set(key, {
          metric: m.name,
          attributes: p.attributes,
          startTimeSec: p.startTimeSec,
          timeSec: p.timeSec,
          requests: p.count,
          sumSec: p.sum * perUnit,
          buckets: [...bounds, Infinity].map((leSec) => ({ leSec, count: 0 })),
          counts: [...p.bucketCounts],
        });
      }
    }
  }
  return [...series.values()].map(({ counts, ...h }) => {
    let running = 0;
    const buckets = h.buckets.map((b, i) => ({
      leSec: b.leSec,
      count: (running += counts[i] ?? 0),
    }));
    // A point without buckets still has its count: all of it at or below +Inf.
    if (counts.length === 0) buckets[buckets.length - 1] = { leSec: Infinity, count: h.requests };
    return { ...h, buckets };
  });
}

/**
 * The values of `http.server.active_requests` (requests being served, an up-down counter), one
 * per data point whose attributes match, in file order.
 *
 * @param metrics - From {@link parseOtlpMetrics}.
 * @param attributes - Only points whose attributes have these values.
 * @returns Time (seconds since the epoch), value and attributes of each point; `[]` when none.
 * @example
 * ```ts
 * otlpActiveRequests([{ name: "http.server.active_requests", unit: "{request}", kind: "sum", temporality: "cumulative", resource: {}, line: 1, histogramPoints: [], numberPoints: [{ attributes: {}, startTimeSec: 0, timeSec: 60, value: 4 }] }])[0].value; // => 4
 * ```
 */
export function otlpActiveRequests(
  metrics: readonly OtlpMetric[],
  attributes: Readonly<OtlpAttributes> = {},
): { timeSec: number; value: number; attributes: OtlpAttributes }[] {
  return metrics
    .filter((m) => m.name === "http.server.active_requests")
    .flatMap((m) => m.numberPoints)
    .filter((p) => matches(p.attributes, attributes))
    .map((p) => ({ timeSec: p.timeSec, value: p.value, attributes: p.attributes }));
}
