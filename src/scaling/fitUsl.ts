import { ModelInputError } from "../errors.js";
import { inverseGramDiagonal } from "../math/leastSquares.js";
import { studentTInverseSurvival } from "../math/students.js";
import {
  assertKnownFields,
  assertNonNegative,
  assertOpenProbability,
  assertPositive,
} from "../validate.js";
import { leastSquaresUsl } from "./leastSquaresUsl.js";
import {
  uslConcurrencyAtLatency,
  uslConcurrencyAtThroughput,
  uslLatency,
  uslPeak,
  uslThroughput,
} from "./uslCurve.js";

/** One load-test measurement. */
export interface UslPoint {
  /** N, the concurrency (clients, in-flight requests, workers) it was measured at; >= 1. */
  concurrency: number;
  /** X(N), the throughput measured at that concurrency, requests per second; > 0. */
  throughputPerSec: number;
}

/** Options of {@link fitUsl}. */
export interface FitUslOptions {
  /**
   * Coverage of the confidence intervals, in (0, 1).
   * @defaultValue 0.95
   */
  confidenceLevel?: number;
}

/** A `[lower, upper]` confidence interval. */
export type ConfidenceInterval = [lower: number, upper: number];

/** The fitted Universal Scalability Law, its fit statistics and the curve it defines. */
export interface UslFit {
  /** How the coefficients were estimated. */
  method: "nonlinear least squares";
  /** σ, the contention (serialization) coefficient, in [0, 1]. */
  sigma: number;
  /** κ, the coherency (crosstalk) coefficient, in [0, 1]. */
  kappa: number;
  /**
   * λ, requests per second: the fitted curve's throughput at one client, X(1) = λ. A fitted
   * parameter, not the measured X(1), from which it can differ (docs/scaling.md).
   */
  lambdaPerSec: number;
  /** The number of measurements fitted. */
  points: number;
  /** 1 − (residual sum of squares)/(total sum of squares about the mean throughput). */
  rSquared: number;
  /** s = √(RSS/(n − 3)), requests per second; Infinity for n = 3 (no degrees of freedom left). */
  residualStandardErrorPerSec: number;
  /** The coverage of `confidenceIntervals`. */
  confidenceLevel: number;
  /**
   * Wald intervals from s²(JᵀJ)⁻¹ and Student's t with n − 3 degrees of freedom, clipped to
   * [0, 1] for σ and κ and to [0, ∞) for λ; the whole range when n = 3.
   */
  confidenceIntervals: {
    sigma: ConfidenceInterval;
    kappa: ConfidenceInterval;
    lambdaPerSec: ConfidenceInterval;
  };
  /**
   * N* = √((1 − σ)/κ), where throughput peaks (not an optimum: see {@link fitUsl}); Infinity
   * when κ = 0. Below 1 when 1 − σ < κ: throughput then falls from the first client on.
   */
  peakConcurrency: number;
  /** X(N*); for κ = 0 the asymptote λ/σ (Infinity when σ = 0 too). */
  peakThroughputPerSec: number;
  /** κ = 0: Amdahl's law, throughput rises to λ/σ and never falls. */
  amdahl: boolean;
  /** X(N), requests per second, for a concurrency N >= 0. */
  throughputAt(concurrency: number): number;
  /** R(N) = N/X(N) = D(N)/λ (Little's law), seconds, for a concurrency N >= 0. */
  latencyAt(concurrency: number): number;
  /** The largest N with R(N) = `latencySec`: the most concurrency that keeps mean latency there. */
  concurrencyAtLatency(latencySec: number): number;
  /** The N <= N* with X(N) = `throughputPerSec`; Infinity when the curve never reaches it. */
  concurrencyAtThroughput(throughputPerSec: number): number;
}

const MODEL = "fitUsl";

/**
 * Fits Gunther's Universal Scalability Law to throughput measured at several concurrencies.
 *
 * ```text
 * X(N) = λ·N / D(N)      D(N) = 1 + σ·(N − 1) + κ·N·(N − 1)      R(N) = N/X(N) = D(N)/λ
 * N* = √((1 − σ)/κ)      X(N*) = λ/(σ − κ + 2√(κ(1 − σ)))
 * ```
 * N = concurrency, X = throughput, R = mean latency; σ = contention (the serialized share of the
 * work), κ = coherency (the cost of keeping N workers consistent, paid pairwise), λ = the
 * fitted curve's throughput at one client. σ, κ and λ minimize Σ (Xᵢ − X(Nᵢ))² on the throughput itself, with
 * the bounds R's `usl` package uses: 0 <= σ <= 1, 0 <= κ <= 1, λ >= 0. Levenberg–Marquardt runs
 * on the interior and on every face and corner of that box, from a linear fit of
 * λ₀·N/X − 1 = σ(N − 1) + κN(N − 1) (λ₀ = X/N at the smallest N) and from the local minima of
 * a coarse grid, and the lowest sum of squares wins. So an optimum on a bound is found
 * exactly (Amdahl-like data give `kappa === 0`), and the grid starts guard against stopping in
 * a local minimum.
 *
 * The intervals are asymptotic (Wald) ones, estimate ± t·√diag(s²(JᵀJ)⁻¹) with J the Jacobian
 * at the estimate and t Student's quantile at n − 3 degrees of freedom, then clipped to the
 * parameter range: lower limits at 0 (σ, κ, λ), upper limits at 1 (σ, κ). With few points they
 * are rough, and near a bound they are not exact coverage statements.
 *
 * `peakConcurrency` is where throughput peaks: past it, adding clients lowers throughput
 * (retrograde scaling). It is not an optimal operating point, as some USL tools and write-ups
 * call it. Latency R(N) = D(N)/λ grows from the first contended client on and at N* is already
 * D(N*) times the one-client latency; near the peak, small load changes swing latency the
 * most. Pick the operating concurrency from a latency target with `concurrencyAtLatency`,
 * with headroom below N*.
 *
 * @param points - The measurements: at least 3 distinct concurrencies (3 coefficients are fitted).
 * @param options - `confidenceLevel`, default 0.95.
 * @returns The coefficients, fit statistics, peak and the fitted curve as functions.
 * @throws {@link ModelInputError} for fewer than 3 distinct concurrencies, a concurrency below 1,
 *   a throughput <= 0 or any non-finite value, or a confidence level outside (0, 1); the
 *   functions of the result, for a negative or non-finite argument.
 * @see N. J. Gunther, Guerrilla Capacity Planning (2007), ch. 4–6; N. J. Gunther, "A Simple
 *   Capacity Model of Massively Parallel Transaction Systems", CMG Conference (1993).
 * @example
 * ```ts
 * // Requests per second of one app, load-tested at 1 to 32 concurrent clients.
 * const fit = fitUsl([
 *   { concurrency: 1, throughputPerSec: 95 },
 *   { concurrency: 2, throughputPerSec: 180 },
 *   { concurrency: 4, throughputPerSec: 330 },
 *   { concurrency: 8, throughputPerSec: 520 },
 *   { concurrency: 16, throughputPerSec: 650 },
 *   { concurrency: 32, throughputPerSec: 610 },
 * ]);
 * fit.amdahl; // => false
 * fit.sigma.toFixed(4); // => "0.0517"
 * fit.kappa.toExponential(3); // => "2.525e-3"
 * fit.confidenceIntervals.kappa.map((k) => k.toExponential(2)); // => ["2.30e-3", "2.75e-3"]
 * fit.peakConcurrency.toFixed(1); // => "19.4"
 * Math.round(fit.peakThroughputPerSec); // => 661
 * (fit.latencyAt(16) * 1000).toFixed(1); // => "24.5"
 * ```
 */
export function fitUsl(points: readonly UslPoint[], options?: FitUslOptions): UslFit {
  const { concurrency, throughput } = readPoints(points);
  const confidenceLevel = readConfidenceLevel(options);
  const n = concurrency.length;
  // Fitted in units of the largest throughput, so that no sum of squares over- or underflows;
  // σ and κ do not depend on the unit, λ, s and λ's interval scale with it.
  let unit = 0;
  for (const x of throughput) unit = Math.max(unit, x);
  const scaled = throughput.map((x) => x / unit);
  const fit = leastSquaresUsl(concurrency, scaled);
  const [sigma, kappa, lambdaInUnits] = fit.params as unknown as [number, number, number];
  const lambda = lambdaInUnits * unit;

  let mean = 0;
  for (const y of scaled) mean += y / n;
  let total = 0;
  for (const y of scaled) total += (y - mean) * (y - mean);
  const s = n > 3 ? Math.sqrt(fit.sumOfSquares / (n - 3)) : Infinity;
  const t = n > 3 ? studentTInverseSurvival((1 - confidenceLevel) / 2, n - 3) : Infinity;
  const variance = inverseGramDiagonal(fit.jacobian, n, 3);
  const interval = (j: number, estimate: number, upper: number): ConfidenceInterval => {
    const half = t * s * Math.sqrt(variance[j]!);
    if (!(half < Infinity)) return [0, upper]; // also when s = 0 and the variance is infinite
    return [Math.max(0, estimate - half), Math.min(upper, estimate + half)];
  };
  const [lambdaLow, lambdaHigh] = interval(2, lambdaInUnits, Infinity);
  const peak = uslPeak(sigma, kappa, lambda);
  return {
    method: "nonlinear least squares",
    sigma,
    kappa,
    lambdaPerSec: lambda,
    points: n,
    rSquared: total > 0 ? 1 - fit.sumOfSquares / total : 1,
    residualStandardErrorPerSec: s * unit,
    confidenceLevel,
    confidenceIntervals: {
      sigma: interval(0, sigma, 1),
      kappa: interval(1, kappa, 1),
      lambdaPerSec: [lambdaLow * unit, lambdaHigh * unit],
    },
    peakConcurrency: peak.concurrency,
    peakThroughputPerSec: peak.throughputPerSec,
    amdahl: kappa === 0,
    throughputAt: (c) =>
      uslThroughput(sigma, kappa, lambda, assertNonNegative(MODEL, "concurrency", c)),
    latencyAt: (c) => uslLatency(sigma, kappa, lambda, assertNonNegative(MODEL, "concurrency", c)),
    concurrencyAtLatency: (r) =>
      uslConcurrencyAtLatency(sigma, kappa, lambda, assertNonNegative(MODEL, "latencySec", r)),
    concurrencyAtThroughput: (x) =>
      uslConcurrencyAtThroughput(
        sigma,
        kappa,
        lambda,
        assertNonNegative(MODEL, "throughputPerSec", x),
      ),
  };
}

function readPoints(points: unknown): { concurrency: Float64Array; throughput: Float64Array } {
  if (!Array.isArray(points)) {
    throw new ModelInputError(
      MODEL,
      "points",
      points,
      "an array of { concurrency, throughputPerSec }",
    );
  }
  const concurrency = new Float64Array(points.length);
  const throughput = new Float64Array(points.length);
  points.forEach((p: unknown, i) => {
    if (typeof p !== "object" || p === null || Array.isArray(p)) {
      throw new ModelInputError(
        MODEL,
        `points[${i}]`,
        p,
        "an object { concurrency, throughputPerSec }",
      );
    }
    assertKnownFields(MODEL, p, ["concurrency", "throughputPerSec"], `points[${i}]`);
    const { concurrency: c, throughputPerSec: x } = p as Record<string, unknown>;
    if (!(typeof c === "number" && c >= 1 && c < Infinity)) {
      throw new ModelInputError(MODEL, `points[${i}].concurrency`, c, "a finite number >= 1");
    }
    concurrency[i] = c;
    throughput[i] = assertPositive(MODEL, `points[${i}].throughputPerSec`, x);
  });
  const distinct = new Set(concurrency).size;
  if (distinct < 3) {
    throw new ModelInputError(
      MODEL,
      "points",
      Array.from(concurrency),
      "measurements at 3 or more distinct concurrencies",
    );
  }
  return { concurrency, throughput };
}

function readConfidenceLevel(options: unknown): number {
  if (options === undefined) return 0.95;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ModelInputError(MODEL, "options", options, "an object");
  }
  assertKnownFields(MODEL, options, ["confidenceLevel"], "options");
  const level = (options as Record<string, unknown>).confidenceLevel;
  return level === undefined ? 0.95 : assertOpenProbability(MODEL, "confidenceLevel", level);
}
