import { DataFormatError } from "../errors.js";
import type { PrometheusFamily, PrometheusHistogram } from "./prometheusFamily.js";
import { parseValue, seriesKey } from "./prometheusSeries.js";

interface Series {
  labels: Record<string, string>;
  /** The first line of the series, for the errors about the whole of it. */
  line: number;
  buckets: { upperBound: number; cumulativeCount: number; line: number }[];
  sum?: number;
  count?: { value: number; line: number };
}

/**
 * The series of a histogram family, one per label set without `le`: buckets sorted and checked
 * (cumulative, `+Inf` last and equal to `_count`), `_sum` and `_count` present.
 */
export function assembleHistograms(
  family: PrometheusFamily,
  source: string,
): PrometheusHistogram[] {
  const fail = (line: number, problem: string): never => {
    throw new DataFormatError(source, line, problem);
  };
  const series = new Map<string, Series>();
  for (const s of family.samples) {
    if (s.name === `${family.name}_created`) continue;
    const { le, ...labels } = s.labels;
    const key = seriesKey(family.name, labels);
    let p = series.get(key);
    if (!p) {
      p = { labels, line: s.line, buckets: [] };
      series.set(key, p);
    }
    if (s.name === `${family.name}_bucket`) {
      const upperBound = le === undefined ? Number.NaN : parseValue(le);
      if (upperBound !== upperBound) fail(s.line, `a bucket of ${key} without a numeric le label`);
      if (p.buckets.some((b) => b.upperBound === upperBound)) {
        fail(s.line, `a second bucket le="${le}" for ${key}`);
      }
      p.buckets.push({ upperBound, cumulativeCount: s.value, line: s.line });
    } else if (le !== undefined) {
      fail(s.line, `${s.name} must not have an le label`);
    } else if (s.name.endsWith("_sum")) {
      p.sum = s.value;
    } else {
      p.count = { value: s.value, line: s.line };
    }
  }
  return [...series.entries()].map(([key, p]) => {
    const buckets = [...p.buckets].sort((a, b) => a.upperBound - b.upperBound);
    let previous = 0;
    for (const b of buckets) {
      if (!(b.cumulativeCount >= previous)) {
        fail(
          b.line,
          `buckets of ${key} are not cumulative: ${b.cumulativeCount} after ${previous}`,
        );
      }
      previous = b.cumulativeCount;
    }
    const last = buckets[buckets.length - 1];
    if (last?.upperBound !== Infinity) fail(p.line, `${key} has no le="+Inf" bucket`);
    if (p.count === undefined) fail(p.line, `${key} has no ${family.name}_count`);
    if (p.sum === undefined) fail(p.line, `${key} has no ${family.name}_sum`);
    const count = p.count as { value: number; line: number };
    if (count.value !== last?.cumulativeCount) {
      fail(count.line, `${key}: _count ${count.value} differs from the +Inf bucket ${previous}`);
    }
    return {
      labels: p.labels,
      buckets: buckets.map((b) => ({
        upperBound: b.upperBound,
        cumulativeCount: b.cumulativeCount,
      })),
      sum: p.sum as number,
      count: count.value,
    };
  });
}
