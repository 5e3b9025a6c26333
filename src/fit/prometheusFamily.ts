/** The metric types of the Prometheus text format (`# TYPE name type`). */
export type PrometheusMetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

/** One sample line: `name{label="value",...} value [timestamp]`. */
export interface PrometheusSample {
  /** The sample's own name, with its suffix (`…_bucket`, `…_sum`, `…_count`). */
  name: string;
  /** The labels, escapes resolved (`\\`, `\"`, `\n`). */
  labels: Record<string, string>;
  /** The value; `+Inf`, `-Inf` and `NaN` are read as such. */
  value: number;
  /** The optional timestamp (milliseconds in the text) as seconds since the Unix epoch. */
  timestampSec: number | undefined;
  /** The 1-based line of the text it was read from. */
  line: number;
}

/** One bucket of a histogram: how many observations were <= `upperBound`. */
export interface PrometheusBucket {
  /** The `le` label as a number, seconds for a duration histogram; the last is `Infinity`. */
  upperBound: number;
  cumulativeCount: number;
}

/** One histogram series: the samples of a histogram family that share their labels (but `le`). */
export interface PrometheusHistogram {
  /** The labels without `le`. */
  labels: Record<string, string>;
  /** Sorted by `upperBound`, cumulative, `+Inf` last. */
  buckets: PrometheusBucket[];
  /** The `_sum` sample. */
  sum: number;
  /** The `_count` sample, equal to the `+Inf` bucket. */
  count: number;
}

/** The samples that share a `# TYPE` (or, without one, a name). */
export interface PrometheusFamily {
  name: string;
  type: PrometheusMetricType;
  /** The `# HELP` text, escapes resolved; `""` when there is none. */
  help: string;
  /** In text order. */
  samples: PrometheusSample[];
  /** For a histogram family, one per label set in order of first appearance; otherwise empty. */
  histograms: PrometheusHistogram[];
}
