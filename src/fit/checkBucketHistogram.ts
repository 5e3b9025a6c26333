import { ModelInputError } from "../errors.js";
import { assertNonNegative, assertObject } from "../validate.js";
import type { PrometheusBucket } from "./prometheusFamily.js";

/** A histogram as Prometheus exposes it: cumulative buckets, `_sum` and `_count`. */
export interface BucketHistogram {
  /** Sorted by `upperBound` (finite bounds > 0, strictly increasing), cumulative, `+Inf` last. */
  buckets: readonly PrometheusBucket[];
  /** The `_sum` sample: the total of the observations, seconds. */
  sum: number;
  /** The `_count` sample: how many observations, equal to the `+Inf` bucket. */
  count: number;
}

/** The histogram as per-bucket counts: observations in (`lowerSec`, `upperSec`]. */
export interface CheckedBuckets {
  lowerSec: number[];
  upperSec: number[];
  counts: number[];
  meanSec: number;
  count: number;
}

/**
 * Checks a {@link BucketHistogram} (no unknown fields but the `metric`, `labels` and `series` of
 * a {@link SelectedHistogram}, bounds increasing with `+Inf` last,
 * counts cumulative and ending at `count`, a positive mean) and returns its per-bucket counts;
 * throws a {@link ModelInputError} naming the field otherwise.
 */
export function checkBucketHistogram(model: string, histogram: unknown): CheckedBuckets {
  // What selectHistogram and parsePrometheusText add (metric, labels, series) passes unread, so
  // that their results can be fitted as they are; any other field is refused.
  const h = assertObject(model, histogram, "histogram", [
    ...["buckets", "sum", "count"],
    ...["metric", "labels", "series"],
  ]);
  if (!Array.isArray(h.buckets) || h.buckets.length === 0) {
    throw new ModelInputError(model, "histogram.buckets", h.buckets, "a non-empty array");
  }
  const buckets = h.buckets as unknown[];
  const lowerSec: number[] = [];
  const upperSec: number[] = [];
  const counts: number[] = [];
  let bound = 0;
  let cumulative = 0;
  buckets.forEach((item, i) => {
    const field = `histogram.buckets[${i}]`;
    const b = assertObject(model, item, field, ["upperBound", "cumulativeCount"]);
    const isLast = i === buckets.length - 1;
    const upper = b.upperBound;
    if (
      isLast
        ? upper !== Infinity
        : !(typeof upper === "number" && upper > bound && upper < Infinity)
    ) {
      const expected = isLast
        ? "Infinity (the +Inf bucket comes last)"
        : `a finite number > ${bound} (bounds positive and increasing; +Inf only last)`;
      throw new ModelInputError(model, `${field}.upperBound`, upper, expected);
    }
    const total = assertNonNegative(model, `${field}.cumulativeCount`, b.cumulativeCount);
    if (!(total >= cumulative)) {
      throw new ModelInputError(
        model,
        `${field}.cumulativeCount`,
        total,
        `>= ${cumulative}, the bucket before it (the counts are cumulative)`,
      );
    }
    lowerSec.push(bound);
    upperSec.push(upper as number);
    counts.push(total - cumulative);
    bound = upper as number;
    cumulative = total;
  });
  if (h.count === 0) {
    throw new ModelInputError(
      model,
      "histogram.count",
      0,
      "> 0: the histogram has no observations",
    );
  }
  if (h.count !== cumulative) {
    throw new ModelInputError(
      model,
      "histogram.count",
      h.count,
      `the +Inf bucket's cumulativeCount (${cumulative})`,
    );
  }
  const sum = assertNonNegative(model, "histogram.sum", h.sum);
  const meanSec = sum / cumulative;
  if (!(meanSec > 0 && meanSec < Infinity)) {
    throw new ModelInputError(
      model,
      "histogram.sum",
      sum,
      `a number > 0 whose mean sum/count is a finite time > 0 (count ${cumulative})`,
    );
  }
  return { lowerSec, upperSec, counts, meanSec, count: cumulative };
}
