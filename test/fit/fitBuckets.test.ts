import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  bucketFitQuantile,
  fitBuckets,
  ModelInputError,
  parsePrometheusText,
  selectHistogram,
} from "../../src/index.js";
import { relErr, thrown } from "../helpers.js";

// prometheus_client's default bounds (DEFAULT_BUCKETS), then +Inf.
const BOUNDS = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.075,
  0.1,
  0.25,
  0.5,
  0.75,
  1,
  2.5,
  5,
  7.5,
  10,
  Infinity,
];

// Gamma laws of mean 0.03 s: the expected cumulative bucket counts of 1e6 observations and the
// exact quantiles, from mpmath at 50 digits: /usr/bin/python3 scripts/reference_bucket_fit.py
// (its "fits"; the sum is 1e6 · 0.03 = 30000).
const REFERENCE = [
  {
    shape: 0.7,
    cumulative: [
      233277.29559938863, 361841.51820264175, 602451.405388332, 803707.2911043013,
      899196.5346242428, 947222.3563998934, 998728.0249579197, 999996.9124280112, 999999.991934485,
      999999.9999782508, 1e6, 1e6, 1e6, 1e6, 1e6,
    ],
    quantiles: {
      "0.5": 0.017461017791847486,
      "0.9": 0.075305507601618,
      "0.99": 0.16610308616743555,
    },
  },
  {
    shape: 2,
    cumulative: [
      44624.919234947665, 144304.8016123466, 496331.72576650174, 845412.6954952396,
      959572.3180054872, 990243.1408563948, 999998.9792644283, 999999.9999998853, 1e6, 1e6, 1e6,
      1e6, 1e6, 1e6, 1e6,
    ],
    quantiles: {
      "0.5": 0.02517520485024991,
      "0.9": 0.05834580254801144,
      "0.99": 0.09957528101990719,
    },
  },
  {
    shape: 8,
    cumulative: [
      76.44261015364015, 6168.435355918396, 351752.8582727634, 954659.9171677132, 999221.4099174927,
      999993.3398693904, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6,
    ],
    quantiles: {
      "0.5": 0.028759685409378014,
      "0.9": 0.04414092923080521,
      "0.99": 0.05999986295402846,
    },
  },
];

/** A histogram from its bounds and cumulative counts; `count` is the last of these. */
const histogramOf = (cumulative: number[], sum: number, bounds = BOUNDS) => ({
  buckets: bounds.map((upperBound, i) => ({
    upperBound,
    cumulativeCount: cumulative[i] as number,
  })),
  sum,
  count: cumulative[cumulative.length - 1] as number,
});

describe("fitBuckets: exact expected counts of a gamma law give back that law", () => {
  it.each(REFERENCE)("shape $shape", ({ shape, cumulative, quantiles }) => {
    const fit = fitBuckets(histogramOf(cumulative, 30000));
    expect(fit.meanSec).toBe(0.03);
    expect(relErr(fit.shape, shape)).toBeLessThan(1e-6);
    expect(relErr(fit.scv, 1 / shape)).toBeLessThan(1e-6);
    for (const p of ["0.5", "0.9", "0.99"] as const) {
      expect(relErr(fit.quantilesSec[p].estimate, quantiles[p])).toBeLessThan(1e-6);
      expect(relErr(bucketFitQuantile(fit, Number(p)), quantiles[p])).toBeLessThan(1e-6);
    }
    expect(fit.identified).toBe(true);
    expect(fit.reason).toBeUndefined();
    // Expected counts fit perfectly: G = 0 (up to the rounding of the counts), p-value 1.
    expect(fit.goodnessOfFit.gStatistic).toBeLessThan(1e-6);
    expect(fit.goodnessOfFit.degreesOfFreedom).toBe(13);
    expect(fit.goodnessOfFit.pValue).toBeGreaterThan(0.999999);
    // A million observations pin the shape within about 0.3 % (the interval is ~2.5/√(N·I)).
    expect(fit.shapeInterval[0]).toBeLessThan(shape);
    expect(fit.shapeInterval[1]).toBeGreaterThan(shape);
    expect(relErr(fit.shapeInterval[0], shape)).toBeLessThan(0.01);
    expect(relErr(fit.shapeInterval[1], shape)).toBeLessThan(0.01);
    // The standard error of a mean of 1e6 draws: m·√(SCV/N), with the fitted SCV.
    expect(relErr(fit.meanStandardErrorSec, 0.03 * Math.sqrt(fit.scv / 1e6))).toBeLessThan(1e-15);
    expect(relErr(fit.meanStandardErrorSec, 0.03 * Math.sqrt(1 / shape / 1e6))).toBeLessThan(1e-6);
  });

  it("narrows its interval as the count grows: 100 times the observations, 1/10 the width", () => {
    const { cumulative } = REFERENCE[1] as (typeof REFERENCE)[number];
    const width = (scale: number): number => {
      const fit = fitBuckets(
        histogramOf(
          cumulative.map((c) => c * scale),
          30000 * scale,
        ),
      );
      return fit.shapeInterval[1] - fit.shapeInterval[0];
    };
    expect(relErr(width(1e-2) / width(1), 10)).toBeLessThan(0.02);
  });

  it("a wider level gives a wider interval", () => {
    const h = histogramOf(
      (REFERENCE[0] as (typeof REFERENCE)[number]).cumulative.map((c) => c / 1e4),
      3,
    );
    const narrow = fitBuckets(h, { level: 0.5 });
    const wide = fitBuckets(h, { level: 0.99 });
    expect(wide.scvInterval[0]).toBeLessThan(narrow.scvInterval[0]);
    expect(wide.scvInterval[1]).toBeGreaterThan(narrow.scvInterval[1]);
    expect(wide.quantilesSec["0.99"].upper).toBeGreaterThan(narrow.quantilesSec["0.99"].upper);
  });
});

describe("fitBuckets: the real prometheus_client histogram of test/fixtures/prometheus", () => {
  const dir = join(import.meta.dirname, "..", "fixtures", "prometheus");
  const scrape = parsePrometheusText(readFileSync(join(dir, "scrape-2.txt"), "utf8"));
  const observed = JSON.parse(readFileSync(join(dir, "observed.json"), "utf8")) as {
    requests: [string, string, string, number][];
  };
  const seconds = observed.requests.map((r) => r[3]).sort((a, b) => a - b);
  const n = seconds.length;
  const mean = seconds.reduce((s, x) => s + x, 0) / n;
  const scv = seconds.reduce((s, x) => s + (x - mean) ** 2, 0) / n / (mean * mean);
  const p99 = seconds[Math.ceil(0.99 * n) - 1] as number;

  it("the raw observations: 500 requests, SCV 2.44, p99 0.284 s", () => {
    expect(n).toBe(500);
    expect(scv).toBeCloseTo(2.4358, 3);
    expect(p99).toBe(0.284235);
  });

  // Bucket midpoints gave SCV 6 and p99 1.27 s for this histogram (the issue). The whole app's
  // law is a mixture of three routes' lognormals, not a gamma law, so the fit cannot match the
  // raw values exactly: it gives SCV 2.19 (raw 2.44, −10 %) and p99 0.351 s (raw 0.284 s,
  // +24 %). The tolerances, 15 % and 30 %, are that model error with some room; the midpoint
  // answers are off by +146 % and +347 %.
  it("the whole app's fit is near the raw SCV and p99, unlike bucket midpoints", () => {
    const fit = fitBuckets(selectHistogram(scrape));
    expect(relErr(fit.meanSec, mean)).toBeLessThan(1e-12);
    expect(relErr(fit.scv, scv)).toBeLessThan(0.15);
    expect(relErr(fit.quantilesSec["0.99"].estimate, p99)).toBeLessThan(0.3);
    expect(fit.scvInterval[1]).toBeLessThan(6 / 2);
    expect(fit.quantilesSec["0.99"].upper).toBeLessThan(1.27 / 2);
    expect(fit.identified).toBe(true);
    // 500 observations do not reject the gamma law at the 5 % level (G = 19.9 on 13 df).
    expect(fit.goodnessOfFit.pValue).toBeGreaterThan(0.05);
  });
});

describe("fitBuckets: buckets that cannot bound the shape", () => {
  it("every observation in one bucket holding the mean: the SCV has no lower bound", () => {
    const fit = fitBuckets(histogramOf([0, 50, 50], 7.5, [0.1, 0.2, Infinity]));
    expect(fit.identified).toBe(false);
    expect(fit.reason).toMatch(/every observation is in one bucket \(le=0.2\)/);
    expect(fit.reason).toMatch(/shape up to 10000/);
    expect(fit.shapeInterval[1]).toBe(1e4);
    expect(fit.scvInterval[0]).toBe(1e-4);
    expect(fit.quantilesSec["0.5"].lower).toBeLessThanOrEqual(fit.quantilesSec["0.5"].estimate);
  });

  it("every observation above the one bound, below the mean: the SCV has no lower bound", () => {
    const fit = fitBuckets(histogramOf([0, 5], 1, [0.1, Infinity]));
    expect(fit.identified).toBe(false);
    expect(fit.reason).toMatch(
      /^every observation is in one bucket \(le=\+Inf\).*shape up to 10000/,
    );
    expect(fit.shapeInterval[1]).toBe(1e4);
  });

  it("observations on the two sides of one bound can still bound the shape", () => {
    const fit = fitBuckets(histogramOf([30, 100], 20, [0.1, Infinity]));
    expect(fit.identified).toBe(true);
    expect(fit.shapeInterval[0]).toBeGreaterThan(1e-3);
    expect(fit.shapeInterval[1]).toBeLessThan(1e4);
  });

  it("only the +Inf bucket: nothing is known of the shape, both ends are the search limits", () => {
    const fit = fitBuckets(histogramOf([3], 1, [Infinity]));
    expect(fit.identified).toBe(false);
    expect(fit.shapeInterval).toEqual([1e-3, 1e4]);
    expect(fit.reason).toMatch(/shape down to 0.001.*shape up to 10000/);
    expect(fit.goodnessOfFit).toEqual({ gStatistic: 0, degreesOfFreedom: 0, pValue: 1 });
  });
});

describe("fitBuckets: bad input names the field", () => {
  const good = () => histogramOf([2, 5, 6], 1.2, [0.1, 0.5, Infinity]);
  const field = (
    change: (h: Record<string, unknown> & ReturnType<typeof good>) => unknown,
    options?: unknown,
  ) => {
    const h = good() as Record<string, unknown> & ReturnType<typeof good>;
    change(h);
    return thrown(ModelInputError, () => fitBuckets(h, options as never));
  };

  it("an empty histogram: no observations", () => {
    const e = thrown(ModelInputError, () =>
      fitBuckets({ buckets: [{ upperBound: Infinity, cumulativeCount: 0 }], sum: 0, count: 0 }),
    );
    expect(e.field).toBe("histogram.count");
    expect(e.message).toMatch(/no observations/);
  });

  it.each([
    [
      "histogram.buckets[1].cumulativeCount",
      (h: ReturnType<typeof good>) =>
        ((h.buckets[1] as { cumulativeCount: number }).cumulativeCount = 1),
    ],
    [
      "histogram.buckets[2].upperBound",
      (h: ReturnType<typeof good>) => ((h.buckets[2] as { upperBound: number }).upperBound = 1),
    ],
    [
      "histogram.buckets[1].upperBound",
      (h: ReturnType<typeof good>) => ((h.buckets[1] as { upperBound: number }).upperBound = 0.1),
    ],
    [
      "histogram.buckets[0].upperBound",
      (h: ReturnType<typeof good>) => ((h.buckets[0] as { upperBound: number }).upperBound = -1),
    ],
    ["histogram.count", (h: ReturnType<typeof good>) => (h.count = 7)],
    ["histogram.sum", (h: ReturnType<typeof good>) => (h.sum = -1)],
    ["histogram.sum", (h: ReturnType<typeof good>) => (h.sum = 0)],
    ["histogram.buckets", (h: ReturnType<typeof good>) => (h.buckets = [])],
    [
      "histogram.buckets[0].le",
      (h: ReturnType<typeof good>) => Object.assign(h.buckets[0] as object, { le: 1 }),
    ],
    ["histogram.total", (h: Record<string, unknown>) => (h.total = 6)],
  ])("%s", (name, change) => {
    const e = field(change as never);
    expect(e.field).toBe(name);
  });

  it("options: an unknown field and a level outside (0, 1)", () => {
    expect(field(() => undefined, { levle: 0.9 }).message).toMatch(/did you mean `level`/);
    expect(field(() => undefined, { level: 1 }).field).toBe("options.level");
  });

  it("bucketFitQuantile: p outside (0, 1) and a fit without a mean", () => {
    expect(
      thrown(ModelInputError, () => bucketFitQuantile({ meanSec: 1, shape: 2 }, 1)).field,
    ).toBe("p");
    expect(thrown(ModelInputError, () => bucketFitQuantile({ shape: 2 } as never, 0.5)).field).toBe(
      "fit.meanSec",
    );
  });
});
