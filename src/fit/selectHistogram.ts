import { ModelInputError } from "../errors.js";
import { assertObject } from "../validate.js";
import { seriesKey } from "./prometheusSeries.js";
import type { PrometheusBucket } from "./prometheusFamily.js";
import type { PrometheusScrape } from "./prometheusText.js";

/**
 * The request-duration histograms (seconds) of the Python web libraries, in the order
 * {@link selectHistogram} looks for them: django-prometheus, starlette_exporter,
 * prometheus-fastapi-instrumentator (its default and its high-resolution one) and
 * OpenTelemetry's `http.server.request.duration` through a Prometheus exporter.
 */
export const REQUEST_DURATION_HISTOGRAMS: readonly string[] = [
  "django_http_requests_latency_seconds_by_view_method",
  "starlette_request_duration_seconds",
  "http_request_duration_seconds",
  "http_request_duration_highr_seconds",
  "http_server_request_duration_seconds",
];

/** Options of {@link selectHistogram}. */
export interface SelectHistogramOptions {
  /**
   * The histogram family's name.
   * @default the one family of the scrape named in {@link REQUEST_DURATION_HISTOGRAMS}
   */
  metric?: string;
  /**
   * Labels a series must have, with these values, to be counted, e.g. `{ method: "GET" }`.
   * @default {} (every series of the family)
   */
  labels?: Record<string, string>;
}

/** Result of {@link selectHistogram}: the matching series of one family, added up. */
export interface SelectedHistogram {
  metric: string;
  /** The labels every merged series shares. */
  labels: Record<string, string>;
  /** Sorted, cumulative, `+Inf` last. */
  buckets: PrometheusBucket[];
  sum: number;
  count: number;
  /** How many series were added up. */
  series: number;
}

/**
 * Finds the request-duration histogram of a scrape and adds up the series whose labels match a
 * filter (their buckets must have the same bounds): the whole app's, or one route's, latency
 * distribution.
 *
 * @param scrape - From {@link parsePrometheusText} (or {@link scrapeDelta}).
 * @param options - {@link SelectHistogramOptions}.
 * @returns The merged histogram.
 * @throws {@link ModelInputError} when no histogram, or several, could be meant (the message
 * lists the candidates), when no series matches `labels`, or when the matches' buckets differ.
 * @example
 * ```ts
 * selectHistogram(parsePrometheusText('# TYPE starlette_request_duration_seconds histogram\nstarlette_request_duration_seconds_bucket{path="/",le="0.1"} 2\nstarlette_request_duration_seconds_bucket{path="/",le="+Inf"} 3\nstarlette_request_duration_seconds_sum{path="/"} 0.4\nstarlette_request_duration_seconds_count{path="/"} 3\n')).count; // => 3
 * ```
 */
export function selectHistogram(
  scrape: PrometheusScrape,
  options: SelectHistogramOptions = {},
): SelectedHistogram {
  const model = "selectHistogram";
  const s = assertObject(model, scrape, "scrape", ["source", "families"]);
  if (!Array.isArray(s.families)) {
    throw new ModelInputError(model, "scrape.families", s.families, "an array");
  }
  const o = assertObject(model, options, "options", ["metric", "labels"]);
  const filter = o.labels === undefined ? {} : assertObject(model, o.labels, "options.labels");
  for (const [k, v] of Object.entries(filter)) {
    if (typeof v !== "string")
      throw new ModelInputError(model, `options.labels.${k}`, v, "a string");
  }
  const histograms = scrape.families.filter((f) => f.type === "histogram");
  const names = histograms.map((f) => f.name);
  const list = names.length === 0 ? "none" : names.join(", ");
  let metric: string;
  if (o.metric !== undefined) {
    if (typeof o.metric !== "string" || !names.includes(o.metric)) {
      throw new ModelInputError(
        model,
        "options.metric",
        o.metric,
        `a histogram of the scrape (${list})`,
      );
    }
    metric = o.metric;
  } else {
    const known = names.filter((n) => REQUEST_DURATION_HISTOGRAMS.includes(n));
    if (known.length !== 1) {
      const why =
        known.length === 0
          ? "none has a known request-duration name"
          : `several are known: ${known.join(", ")}`;
      throw new ModelInputError(
        model,
        "options.metric",
        undefined,
        `given: ${why} (histograms: ${list})`,
      );
    }
    metric = known[0] as string;
  }
  const family = histograms.find((f) => f.name === metric);
  const matches = (family?.histograms ?? []).filter((h) =>
    Object.entries(filter).every(([k, v]) => h.labels[k] === v),
  );
  const first = matches[0];
  if (first === undefined) {
    const sets = (family?.histograms ?? []).map((h) => seriesKey("", h.labels) || "{}");
    throw new ModelInputError(
      model,
      "options.labels",
      filter,
      `labels of a series of ${metric} (${sets.join(" ") || "none"})`,
    );
  }
  const bounds = first.buckets.map((b) => b.upperBound);
  const buckets = bounds.map((upperBound) => ({ upperBound, cumulativeCount: 0 }));
  let sum = 0;
  let count = 0;
  const labels: Record<string, string> = { ...first.labels };
  for (const h of matches) {
    if (
      h.buckets.length !== bounds.length ||
      h.buckets.some((b, i) => b.upperBound !== bounds[i])
    ) {
      throw new ModelInputError(
        model,
        "options.labels",
        filter,
        `a filter whose series of ${metric} share their buckets (${seriesKey(metric, h.labels)} differs from ${seriesKey(metric, first.labels)})`,
      );
    }
    h.buckets.forEach((b, i) => {
      (buckets[i] as PrometheusBucket).cumulativeCount += b.cumulativeCount;
    });
    sum += h.sum;
    count += h.count;
    for (const k of Object.keys(labels)) if (h.labels[k] !== labels[k]) delete labels[k];
  }
  return { metric, labels, buckets, sum, count, series: matches.length };
}
