import { ModelInputError } from "../errors.js";
import type { AccessLogEntry, AccessLogFormat } from "./accessLogEntry.js";
import { accessLogLineReader } from "./accessLogLines.js";
import { readerSource } from "./readerSource.js";

/** Requests of one method and path in an access log. */
export interface EndpointShare {
  /** `GET /items`, or `(other)` for the paths past the first {@link MAX_ENDPOINTS}. */
  endpoint: string;
  requests: number;
  /** Of all requests. */
  share: number;
  meanResponseTimeSec: number;
}

/** Sums of the response times of the requests logged in one second. */
export interface SecondSums {
  n: number;
  /** Σ t, Σ t², Σ t³, Σ t⁴ of the times in units of the digest's scale. */
  s1: number;
  s2: number;
  s3: number;
  s4: number;
}

/** What {@link AccessLogDigester.digest} keeps of an access log, in memory bounded by its span. */
export interface AccessLogDigest {
  source: string;
  /** The time field read, e.g. `"%(D)s"`. */
  timeField: string;
  requests: number;
  /** Lines that did not match the format. */
  skipped: number;
  /** First and last second logged, seconds since the epoch. */
  firstSec: number;
  lastSec: number;
  /** Quantiles of all the response times, keyed "0.5", "0.9", "0.99", to 0.5 % of their value. */
  quantilesSec: Record<string, number>;
  /** The minute with the most requests. */
  peakMinute: { startSec: number; requests: number; throughputPerSec: number };
  /** Endpoints by requests, most first. */
  endpoints: EndpointShare[];
  /** Per second logged: sums of the response times (for any window's mean and spread). */
  seconds: Map<number, SecondSums>;
  /** The unit, seconds, of the sums in `seconds`. */
  scaleSec: number;
}

/** The most distinct method-and-path pairs a digest counts apart; the rest are `(other)`. */
export const MAX_ENDPOINTS = 1000;

/** Quantile bins: ratio between bin edges, and the smallest time binned apart from zero. */
const BIN_RATIO = 1.01;
const BIN_FLOOR_SEC = 1e-7;
const BINS = Math.ceil(Math.log(1e6 / BIN_FLOOR_SEC) / Math.log(BIN_RATIO)) + 2;

/** Feeds an access log's lines into an {@link AccessLogDigest}; from {@link accessLogDigester}. */
export interface AccessLogDigester {
  /** Reads line `number` (1-based). @throws {@link DataFormatError} when its unit changes. */
  add(line: string, number: number): void;
  /** Lines read so far. */
  readonly lines: number;
  /** The digest. @throws {@link DataFormatError} when no line matched the format. */
  digest(): AccessLogDigest;
}

/**
 * Digests an access log line by line, for logs of any length (a day of log, millions of lines):
 * it keeps per second logged the count and power sums of the response times, a histogram with
 * bins 1 % apart for the quantiles, the busiest minute, and the endpoints (method and path).
 * Lines are read as by {@link parseAccessLog}, with the same formats and errors.
 *
 * @param format - A named layout, a server's format string, or undefined for decimal seconds.
 * @param options - `source`: the file name errors give.
 * @returns The digester.
 * @example
 * ```ts
 * const d = accessLogDigester("apache-%D");
 * d.add('127.0.0.1 - - [27/Nov/2026:03:08:02 +0000] "GET /a?x=1 HTTP/1.1" 200 3 12500', 1);
 * d.digest().endpoints[0].endpoint; // => "GET /a"
 * ```
 */
export function accessLogDigester(
  format?: AccessLogFormat | string,
  options: { source?: string } = {},
): AccessLogDigester {
  const model = "accessLogDigester";
  const source = readerSource(model, options, "access log");
  const reader = accessLogLineReader(model, format, source);
  const seconds = new Map<number, SecondSums>();
  const bins = new Float64Array(BINS);
  const endpoints = new Map<string, { n: number; sum: number }>();
  let scale = 0;
  let lines = 0;
  const take = (e: AccessLogEntry) => {
    if (scale === 0 && e.responseTimeSec > 0) scale = e.responseTimeSec;
    const t = scale === 0 ? 0 : e.responseTimeSec / scale;
    const second = Math.floor(e.timeSec);
    let s = seconds.get(second);
    if (!s) seconds.set(second, (s = { n: 0, s1: 0, s2: 0, s3: 0, s4: 0 }));
    s.n++;
    s.s1 += t;
    s.s2 += t * t;
    s.s3 += t * t * t;
    s.s4 += t * t * t * t;
    const k = bin(e.responseTimeSec);
    bins[k] = (bins[k] as number) + 1;
    let key = `${e.method ?? ""} ${e.path ?? ""}`.trim() || "(no request line)";
    if (!endpoints.has(key) && endpoints.size >= MAX_ENDPOINTS) key = "(other)";
    const p = endpoints.get(key) ?? { n: 0, sum: 0 };
    p.n++;
    p.sum += e.responseTimeSec;
    endpoints.set(key, p);
  };
  return {
    get lines() {
      return lines;
    },
    add(line, number) {
      lines++;
      const entry = reader.read(line, number);
      if (entry) take(entry);
    },
    digest() {
      reader.finish();
      const requests = reader.entries;
      let firstSec = Infinity;
      let lastSec = -Infinity;
      for (const second of seconds.keys()) {
        firstSec = Math.min(firstSec, second);
        lastSec = Math.max(lastSec, second);
      }
      return {
        source,
        timeField: reader.timeField,
        requests,
        skipped: reader.skipped,
        firstSec,
        lastSec,
        quantilesSec: Object.fromEntries(
          ["0.5", "0.9", "0.99"].map((p) => [p, binQuantile(bins, requests, Number(p))]),
        ),
        peakMinute: peakMinute(seconds),
        endpoints: [...endpoints]
          .map(([endpoint, p]) => ({
            endpoint,
            requests: p.n,
            share: p.n / requests,
            meanResponseTimeSec: p.sum / p.n,
          }))
          .sort((a, b) => b.requests - a.requests),
        seconds,
        scaleSec: scale === 0 ? 1 : scale,
      };
    },
  };
}

/** The bin of a time: 0 for times under the floor, then bins `BIN_RATIO` apart. */
function bin(t: number): number {
  if (!(t >= BIN_FLOOR_SEC)) return 0;
  return Math.min(BINS - 1, 1 + Math.floor(Math.log(t / BIN_FLOOR_SEC) / Math.log(BIN_RATIO)));
}

/** The `p` quantile of the binned times: the geometric middle of its bin. */
function binQuantile(bins: Float64Array, n: number, p: number): number {
  const rank = Math.ceil(p * n);
  let seen = 0;
  for (let k = 0; k < bins.length; k++) {
    seen += bins[k] as number;
    if (seen >= rank) return k === 0 ? 0 : BIN_FLOOR_SEC * BIN_RATIO ** (k - 0.5);
  }
  return BIN_FLOOR_SEC * BIN_RATIO ** (bins.length - 1.5);
}

function peakMinute(seconds: Map<number, SecondSums>): AccessLogDigest["peakMinute"] {
  const minutes = new Map<number, number>();
  for (const [second, s] of seconds) {
    const m = Math.floor(second / 60) * 60;
    minutes.set(m, (minutes.get(m) ?? 0) + s.n);
  }
  let best = { startSec: 0, requests: -1 };
  for (const [startSec, requests] of minutes) {
    if (requests > best.requests) best = { startSec, requests };
  }
  return { ...best, throughputPerSec: best.requests / 60 };
}

/** Requests, mean and spread of the response times an access log holds in a window. */
export interface AccessLogWindow {
  requests: number;
  /** From the window's first second logged to its last, inclusive. */
  spanSec: number;
  throughputPerSec: number;
  meanResponseTimeSec: number;
  /** Standard deviation of the response times. */
  standardDeviationSec: number;
  /** Squared coefficient of variation, and its standard error (from the fourth moment). */
  scv: number;
  scvStandardError: number;
}

/**
 * The requests an access log's digest holds from `fromSec` to `toSec` (seconds since the
 * epoch; whole seconds, as the log's timestamps are): their count, throughput, mean and spread.
 *
 * @param digest - From {@link accessLogDigester}.
 * @param fromSec - Start of the window. @defaultValue the first second logged
 * @param toSec - End of the window. @defaultValue the last second logged
 * @returns The window's figures.
 * @throws {@link ModelInputError} when the window holds no request.
 * @example
 * ```ts
 * const d = accessLogDigester("apache-%D");
 * d.add('127.0.0.1 - - [27/Nov/2026:03:08:02 +0000] "GET /a HTTP/1.1" 200 3 12500', 1);
 * d.add('127.0.0.1 - - [27/Nov/2026:03:08:03 +0000] "GET /a HTTP/1.1" 200 3 17500', 2);
 * const w = accessLogWindow(d.digest());
 * [w.requests, w.throughputPerSec]; // => [2, 1]
 * w.meanResponseTimeSec; // => 0.015
 * ```
 */
export function accessLogWindow(
  digest: AccessLogDigest,
  fromSec = digest.firstSec,
  toSec = digest.lastSec,
): AccessLogWindow {
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const [second, s] of digest.seconds) {
    if (second < Math.floor(fromSec) || second > toSec) continue;
    n += s.n;
    s1 += s.s1;
    s2 += s.s2;
    s3 += s.s3;
    s4 += s.s4;
    first = Math.min(first, second);
    last = Math.max(last, second);
  }
  if (n === 0) {
    throw new ModelInputError(
      "accessLogWindow",
      "window",
      [fromSec, toSec],
      `a time span with requests in ${digest.source}`,
    );
  }
  const m = s1 / n;
  const variance = Math.max(0, s2 / n - m * m);
  const m3 = s3 / n - 3 * m * (s2 / n) + 2 * m ** 3;
  const m4 = s4 / n - 4 * m * (s3 / n) + 6 * m * m * (s2 / n) - 3 * m ** 4;
  const scv = m > 0 ? variance / (m * m) : 0;
  // Delta method on v/m², with Var v ≈ (μ₄ − v²)/n, Var m = v/n and Cov(m, v) ≈ μ₃/n.
  const dv = 1 / (m * m);
  const dm = (-2 * variance) / m ** 3;
  const scvVariance =
    m > 0
      ? (dv * dv * Math.max(0, m4 - variance * variance) + dm * dm * variance + 2 * dv * dm * m3) /
        n
      : 0;
  const spanSec = last - first + 1;
  return {
    requests: n,
    spanSec,
    throughputPerSec: n / spanSec,
    meanResponseTimeSec: m * digest.scaleSec,
    standardDeviationSec: Math.sqrt(variance) * digest.scaleSec,
    scv,
    scvStandardError: Math.sqrt(Math.max(0, scvVariance)),
  };
}
