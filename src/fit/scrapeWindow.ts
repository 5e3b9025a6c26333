import { DataFormatError } from "../errors.js";
import { assertObject } from "../validate.js";
import type { TimedScrape } from "./prometheusScrapes.js";
import type { PrometheusScrape } from "./prometheusText.js";
import { scrapeDelta } from "./scrapeDelta.js";
import { selectHistogram, type SelectedHistogram } from "./selectHistogram.js";

/** Options of {@link scrapeWindow}. */
export interface ScrapeWindowOptions {
  /** The request-duration histogram's name. @default the one with a known name */
  metric?: string;
  /** Labels the histogram's series must have, e.g. `{ handler: "/work" }`. @default {} */
  labels?: Record<string, string>;
  /** Only scrapes taken at or after this time, seconds since the epoch. */
  fromSec?: number;
  /** Only scrapes taken at or before this time, seconds since the epoch. */
  toSec?: number;
}

/** A per-request figure and its standard error. */
export interface PerRequestEstimate {
  value: number;
  standardError: number;
}

/** What a series of scrapes says about the requests of a time window, from {@link scrapeWindow}. */
export interface ScrapeWindow {
  /** Time of the first scrape used (absent when unknown, or when counting from the start). */
  fromSec?: number;
  /** Time of the last scrape used. */
  toSec?: number;
  /** How many scrapes the window holds. */
  scrapes: number;
  /** Requests served in the window: the growth of every series of the histogram's `_count`. */
  requests: number;
  /** `requests` over the window's time, when both ends have times. */
  throughputPerSec?: number;
  /** The window's request-duration histogram (the growth), series matching the labels added up. */
  histogram: SelectedHistogram;
  /**
   * Growth of `process_cpu_seconds_total` (user + system time of the scraped processes) per
   * request served. Its standard error is that of a ratio estimate over the scrape intervals
   * when there are at least three, plus the counter's resolution (/proc's 10 ms ticks).
   */
  cpuSecPerRequest?: PerRequestEstimate;
  /** `process_resident_memory_bytes` of the last scrape, summed over its series. */
  residentMemoryBytes?: number;
}

const CPU = "process_cpu_seconds_total";
const RSS = "process_resident_memory_bytes";
/** The clock tick of /proc/PID/stat, which prometheus_client's process collector reads. */
const CPU_TICK_SEC = 0.01;

const EMPTY: PrometheusScrape = { source: "the process start", families: [] };

function total(scrape: PrometheusScrape, name: string): number | undefined {
  const samples = scrape.families.flatMap((f) => f.samples.filter((s) => s.name === name));
  if (samples.length === 0) return undefined;
  return samples.reduce((a, s) => a + s.value, 0);
}

/**
 * The requests, response-time histogram, CPU time and memory of a window of a series of scrapes
 * (from {@link parsePrometheusScrapes}): the growth of the counters and histograms from the
 * window's first scrape to its last. A window of one scrape counts from the process start.
 *
 * @param scrapes - The series, in time order.
 * @param options - {@link ScrapeWindowOptions}.
 * @returns The window's figures.
 * @throws {@link DataFormatError} naming the file and line when no scrape falls in the window, a
 * counter resets (a restart) or the window holds no request.
 * @throws {@link ModelInputError} for unknown options, or when the histogram or labels meant are
 * not in the scrapes.
 * @example
 * ```ts
 * const text = (n, cpu) => `# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ${cpu}\n# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_bucket{le="+Inf"} ${n}\nhttp_request_duration_seconds_sum ${n / 50}\nhttp_request_duration_seconds_count ${n}\n`;
 * scrapeWindow(parsePrometheusScrapes(`# scrape at 100\n${text(10, 1)}# scrape at 110\n${text(510, 6)}`)).cpuSecPerRequest.value; // => 0.01
 * ```
 */
export function scrapeWindow(
  scrapes: readonly TimedScrape[],
  options: ScrapeWindowOptions = {},
): ScrapeWindow {
  const model = "scrapeWindow";
  const o = assertObject(model, options, "options", ["metric", "labels", "fromSec", "toSec"]);
  const inside = scrapes.filter(
    (s) =>
      s.atSec === undefined ||
      ((o.fromSec === undefined || s.atSec >= (o.fromSec as number)) &&
        (o.toSec === undefined || s.atSec <= (o.toSec as number))),
  );
  const source = scrapes[0]?.scrape.source ?? "prometheus text";
  const first = inside[0];
  const last = inside[inside.length - 1];
  if (first === undefined || last === undefined) {
    throw new DataFormatError(source, 0, "no scrape in the window asked for");
  }
  const select = { ...(o.metric === undefined ? {} : { metric: o.metric as string }) };
  const pairs = inside.length === 1 ? [[EMPTY, first.scrape]] : [];
  for (let k = 1; k < inside.length; k++) {
    pairs.push([(inside[k - 1] as TimedScrape).scrape, (inside[k] as TimedScrape).scrape]);
  }
  const steps = pairs.map(([a, b]) => scrapeDelta(a as PrometheusScrape, b as PrometheusScrape));
  const whole = inside.length === 1 ? steps[0]! : scrapeDelta(first.scrape, last.scrape);
  const all = selectHistogram(whole, select);
  if (all.count === 0) {
    throw new DataFormatError(
      source,
      last.line,
      inside.length === 1
        ? `${all.metric} counted no request (an empty histogram) in the scrape of line ${first.line}`
        : `${all.metric} counted no request between the scrapes of lines ${first.line} and ${last.line}`,
    );
  }
  const labels = o.labels === undefined ? {} : { labels: o.labels as Record<string, string> };
  const histogram = selectHistogram(whole, { ...select, ...labels });
  const result: ScrapeWindow = { scrapes: inside.length, requests: all.count, histogram };
  if (inside.length > 1 && first.atSec !== undefined) result.fromSec = first.atSec;
  if (last.atSec !== undefined) result.toSec = last.atSec;
  if (result.fromSec !== undefined && result.toSec !== undefined && result.toSec > result.fromSec) {
    result.throughputPerSec = all.count / (result.toSec - result.fromSec);
  }
  const cpu = total(whole, CPU);
  if (cpu !== undefined) {
    const value = cpu / all.count;
    const resolution = (CPU_TICK_SEC * Math.SQRT2) / Math.sqrt(12) / all.count;
    let spread = 0;
    if (steps.length >= 3) {
      const counts = steps.map((s) => total(s, `${all.metric}_count`) ?? 0);
      const mean = all.count / steps.length;
      const squares = steps.reduce(
        (a, s, k) => a + ((total(s, CPU) ?? 0) - value * (counts[k] as number)) ** 2,
        0,
      );
      spread = Math.sqrt(squares / (steps.length * (steps.length - 1))) / mean;
    }
    result.cpuSecPerRequest = { value, standardError: Math.hypot(spread, resolution) };
  }
  const rss = total(last.scrape, RSS);
  if (rss !== undefined) result.residentMemoryBytes = rss;
  return result;
}
