import type { AccessLogDigest } from "./accessLogDigest.js";
import { accessLogWindow } from "./accessLogDigest.js";
import type { DataFormat } from "./detectFormat.js";
import { fitBuckets } from "./fitBuckets.js";
import type { K6Metric } from "./k6Json.js";
import type { K6Summary } from "./k6Summary.js";
import type { LocustHistoryRow } from "./locustHistory.js";
import type { LocustStage } from "./locustStages.js";
import type { LocustStatsRow } from "./locustStats.js";
import { otlpRequestDurations } from "./otlpHttpServer.js";
import type { OtlpMetric } from "./otlpMetrics.js";
import type { TimedScrape } from "./prometheusScrapes.js";
import type { PrometheusBucket } from "./prometheusFamily.js";
import { scrapeWindow, type PerRequestEstimate } from "./scrapeWindow.js";
import { centralNormalQuantile } from "../math/normalQuantile.js";

/** The spread of the response times: their SCV and an interval for it. */
export interface MeasuredSpread {
  scv: number;
  lower: number;
  upper: number;
  /** Whether the data bound the SCV (false: the interval runs to the fit's search bound). */
  identified: boolean;
  /** How it was obtained, in words. */
  how: string;
}

/** What one file says about the requests of a time window, in the model's words. */
export interface WindowMeasurement {
  source: string;
  format: DataFormat;
  /** `client`: timed by the load generator (whole round trip); `server`: inside the server. */
  where: "client" | "server";
  requests: number;
  throughputPerSec?: number;
  meanResponseTimeSec?: number;
  /** Standard deviation of the response times, when known. */
  standardDeviationSec?: number;
  spread?: MeasuredSpread;
  /** Quantiles keyed "0.5", "0.9", "0.99"…, as measured (or fitted, then `quantilesFitted`). */
  quantilesSec?: Record<string, number>;
  quantilesFitted?: boolean;
  cpuSecPerRequest?: PerRequestEstimate;
  residentMemoryBytes?: number;
}

/** The time window of a calibration: start and end, seconds since the epoch. */
export interface TimeWindow {
  fromSec: number;
  toSec: number;
}

/** The spread and quantiles of a histogram, fitted by maximum likelihood on its buckets. */
function fromBuckets(
  buckets: readonly PrometheusBucket[],
  sum: number,
  count: number,
  level: number,
): Pick<WindowMeasurement, "spread" | "quantilesSec" | "quantilesFitted"> {
  const fit = fitBuckets({ buckets, sum, count }, { level });
  const [lower, upper] = fit.scvInterval;
  return {
    spread: {
      scv: fit.scv,
      lower,
      upper,
      identified: fit.identified,
      how: `gamma fitted to the ${buckets.length} buckets by maximum likelihood${fit.identified ? "" : ` (${fit.reason ?? "not identified"})`}`,
    },
    quantilesSec: Object.fromEntries(
      Object.entries(fit.quantilesSec).map(([p, q]) => [p, q.estimate]),
    ),
    quantilesFitted: true,
  };
}

/** A series of Prometheus scrapes over a window: counts, the histogram's fit, CPU and RSS. */
export function measureScrapes(
  source: string,
  scrapes: readonly TimedScrape[],
  options: { metric?: string; labels?: Record<string, string>; window?: TimeWindow; level: number },
): WindowMeasurement {
  const w = scrapeWindow(scrapes, {
    ...(options.metric === undefined ? {} : { metric: options.metric }),
    ...(options.labels === undefined ? {} : { labels: options.labels }),
    ...(options.window === undefined
      ? {}
      : { fromSec: options.window.fromSec, toSec: options.window.toSec }),
  });
  const h = w.histogram;
  const m: WindowMeasurement = {
    source,
    format: "prometheus",
    where: "server",
    requests: h.count,
    ...(h.count > 0 ? { meanResponseTimeSec: h.sum / h.count } : {}),
    ...(h.count > 0 ? fromBuckets(h.buckets, h.sum, h.count, options.level) : {}),
  };
  if (w.throughputPerSec !== undefined) m.throughputPerSec = w.throughputPerSec;
  if (w.cpuSecPerRequest !== undefined) m.cpuSecPerRequest = w.cpuSecPerRequest;
  if (w.residentMemoryBytes !== undefined) m.residentMemoryBytes = w.residentMemoryBytes;
  return m;
}

/** An access log's requests in a window: counts, mean, spread by moments, quantiles. */
export function measureAccessLog(
  source: string,
  digest: AccessLogDigest,
  options: { window?: TimeWindow; level: number },
): WindowMeasurement {
  const w = accessLogWindow(digest, options.window?.fromSec, options.window?.toSec);
  const z = centralNormalQuantile(options.level);
  return {
    source,
    format: "access-log",
    where: "server",
    requests: w.requests,
    throughputPerSec: w.throughputPerSec,
    meanResponseTimeSec: w.meanResponseTimeSec,
    standardDeviationSec: w.standardDeviationSec,
    spread: {
      scv: w.scv,
      lower: Math.max(0, w.scv - z * w.scvStandardError),
      upper: w.scv + z * w.scvStandardError,
      identified: w.requests > 1,
      how: `moments of ${w.requests} logged times (interval from their fourth moment)`,
    },
    ...(options.window === undefined ? { quantilesSec: digest.quantilesSec } : {}),
  };
}

/** A locust stage: the client's throughput and mean, the last history row's percentiles. */
export function measureLocustStage(
  source: string,
  stage: LocustStage,
  rows: readonly LocustHistoryRow[],
): WindowMeasurement {
  const last = rows.filter((r) => r.aggregated && r.timestampSec === stage.endSec).at(-1);
  const m: WindowMeasurement = {
    source,
    format: "locust-history",
    where: "client",
    requests: stage.requests,
  };
  if (stage.throughputPerSec !== undefined) m.throughputPerSec = stage.throughputPerSec;
  if (stage.meanResponseTimeSec !== undefined) m.meanResponseTimeSec = stage.meanResponseTimeSec;
  // Locust's history percentiles cover its last 10 seconds: only a stage that long is in them alone.
  if (last && stage.endSec - stage.startSec >= LOCUST_PERCENTILE_WINDOW_SEC) {
    m.quantilesSec = pick(last.quantilesSec);
  }
  return m;
}

/** Locust's `CURRENT_RESPONSE_TIME_PERCENTILE_WINDOW`: the seconds its history percentiles cover. */
export const LOCUST_PERCENTILE_WINDOW_SEC = 10;

/** A locust `_stats.csv`: the `Aggregated` row over the whole run. */
export function measureLocustStats(
  source: string,
  rows: readonly LocustStatsRow[],
): WindowMeasurement {
  const all = rows.find((r) => r.aggregated) ?? rows[0];
  const m: WindowMeasurement = {
    source,
    format: "locust-stats",
    where: "client",
    requests: all?.requests ?? 0,
  };
  if (all === undefined) return m;
  m.throughputPerSec = all.requestsPerSec;
  if (all.meanResponseTimeSec !== undefined) m.meanResponseTimeSec = all.meanResponseTimeSec;
  m.quantilesSec = pick(all.quantilesSec);
  return m;
}

/** k6 points of `http_req_duration` (in a window): counts, mean, spread by moments, quantiles. */
export function measureK6Points(
  source: string,
  metrics: Readonly<Record<string, K6Metric>>,
  options: { window?: TimeWindow; level: number },
): WindowMeasurement {
  const points = (metrics.http_req_duration?.points ?? []).filter(
    (p) =>
      options.window === undefined ||
      (p.timeSec >= options.window.fromSec && p.timeSec <= options.window.toSec),
  );
  const values = points.map((p) => p.value).sort((a, b) => a - b);
  const n = values.length;
  const m: WindowMeasurement = { source, format: "k6-json", where: "client", requests: n };
  if (n === 0) return m;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  const fourth = values.reduce((a, v) => a + (v - mean) ** 4, 0) / n;
  const scv = mean > 0 ? variance / mean ** 2 : 0;
  // Standard error of the SCV, as for an access log, without the third-moment term's sign.
  const se = mean > 0 ? Math.sqrt(Math.max(0, fourth - variance ** 2) / n) / mean ** 2 : 0;
  const z = centralNormalQuantile(options.level);
  const times = points.map((p) => p.timeSec);
  const span = Math.max(...times) - Math.min(...times);
  m.meanResponseTimeSec = mean;
  m.standardDeviationSec = Math.sqrt(variance);
  if (span > 0) m.throughputPerSec = n / span;
  m.spread = {
    scv,
    lower: Math.max(0, scv - z * se),
    upper: scv + z * se,
    identified: n > 1,
    how: `moments of ${n} k6 http_req_duration points`,
  };
  m.quantilesSec = Object.fromEntries(
    ["0.5", "0.9", "0.99"].map((p) => [p, values[Math.ceil(Number(p) * n) - 1] as number]),
  );
  return m;
}

/** A k6 summary export: the `http_req_duration` trend and the `http_reqs` counter. */
export function measureK6Summary(source: string, summary: K6Summary): WindowMeasurement {
  const trend = summary.trendsSec.http_req_duration;
  const reqs = summary.counters.http_reqs;
  const m: WindowMeasurement = {
    source,
    format: "k6-summary",
    where: "client",
    requests: reqs?.count ?? 0,
  };
  if (reqs) m.throughputPerSec = reqs.ratePerSec;
  if (trend) {
    m.meanResponseTimeSec = trend.avgSec;
    const q: Record<string, number> = { "0.5": trend.medSec };
    for (const [k, v] of Object.entries(trend.percentilesSec)) {
      const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(k);
      if (p) q[String(Number(p[1]) / 100)] = v;
    }
    m.quantilesSec = q;
  }
  return m;
}

/** OTLP `http.server.request.duration` points: the histogram's fit, throughput. */
export function measureOtlp(
  source: string,
  metrics: readonly OtlpMetric[],
  options: { level: number },
): WindowMeasurement {
  const points = otlpRequestDurations(metrics, { source });
  const m: WindowMeasurement = { source, format: "otlp-json", where: "server", requests: 0 };
  const first = points[0];
  if (first === undefined) return m;
  // Points of one instrument with the same bounds add up; the counts are cumulative since start.
  const bounds = first.buckets.map((b) => b.leSec);
  const buckets = bounds.map((upperBound) => ({ upperBound, cumulativeCount: 0 }));
  let sum = 0;
  let count = 0;
  let start = Infinity;
  let end = -Infinity;
  for (const p of points.filter((p) => p.buckets.length === bounds.length)) {
    p.buckets.forEach((b, i) => {
      (buckets[i] as PrometheusBucket).cumulativeCount += b.count;
    });
    sum += p.sumSec;
    count += p.requests;
    start = Math.min(start, p.startTimeSec);
    end = Math.max(end, p.timeSec);
  }
  m.requests = count;
  if (count === 0) return m;
  m.meanResponseTimeSec = sum / count;
  if (end > start) m.throughputPerSec = count / (end - start);
  return { ...m, ...fromBuckets(buckets, sum, count, options.level) };
}

/** The quantiles calibrate reports: "0.5", "0.9", "0.95", "0.99" where present. */
function pick(q: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    ["0.5", "0.9", "0.95", "0.99"].filter((p) => q[p] !== undefined).map((p) => [p, q[p]]),
  ) as Record<string, number>;
}
