import { bracketedRoot } from "../math/solve.js";
import { assertFraction, assertInteger, assertObject, assertPositive } from "../validate.js";
import {
  backlogAt,
  readBacklogStation,
  STATION_FIELDS,
  type FiniteBacklogInput,
  type FiniteBacklogResult,
} from "./finiteBacklog.js";

/** Input of {@link retryFixedPoints}: the station of {@link finiteBacklog} and the clients' retries. */
export interface RetryFixedPointsInput extends Omit<FiniteBacklogInput, "arrivalRatePerSec"> {
  /** λ₀, new requests per second (first attempts only); > 0. */
  newRequestRatePerSec: number;
  /** r, the most retries of one request; an integer in [0, 100]. */
  maxRetries: number;
  /** p, the probability that a failed attempt is retried (while retries remain). @defaultValue 1 */
  retryProbability?: number;
}

/** One operating point of {@link retryFixedPoints}. */
export interface RetryOperatingPoint {
  /** λ, attempts per second, first attempts and retries: λ₀·Σ_{k<=r} (p·f)ᵏ. */
  attemptRatePerSec: number;
  /** λ/λ₀, the load the retries multiply the new requests into. */
  amplification: number;
  /** f, the share of attempts that fail at this attempt rate (refused, abandoned, timed out). */
  attemptFailedShare: number;
  /** Share of new requests that fail in the end: 1 − (1 − f)·Σ_{k<=r} (p·f)ᵏ. */
  requestFailedShare: number;
  /** Responses in time per second: λ·(1 − f) = λ₀·(1 − requestFailedShare). */
  goodputPerSec: number;
  /**
   * True when a small push away comes back (the retried load grows slower than the attempt
   * rate there): the points the system can sit at. The unstable ones separate them.
   */
  stable: boolean;
  /** The station at this attempt rate. */
  station: FiniteBacklogResult;
}

/** Result of {@link retryFixedPoints}. */
export interface RetryFixedPoints {
  readonly method: "approximation";
  /** Every operating point found, by attempt rate; stable and unstable ones alternate. */
  points: RetryOperatingPoint[];
  /**
   * True with more than one stable point: a good one (few failures) and a bad one where the
   * retries alone keep the station failing — a metastable failure, entered by a spike and left
   * only by a drop in load.
   */
  metastable: boolean;
  /** The stable point of lowest attempt rate (the healthy state when it is good). */
  good: RetryOperatingPoint;
  /** The stable point of highest attempt rate (the same as `good` when not metastable). */
  bad: RetryOperatingPoint;
}

/** Points of the scan over [λ₀, (r + 1)·λ₀] that brackets the fixed points. */
const SCAN_POINTS = 400;

/**
 * Client retries as added load, solved as a fixed point. Each failed attempt (refused,
 * abandoned or timed out at the station of {@link finiteBacklog}) is retried with probability
 * p up to r times, so new requests at λ₀ become attempts at λ = λ₀·Σ_{k<=r} (p·f(λ))ᵏ, where
 * f(λ) is the failed share at attempt rate λ. Every solution in [λ₀, (r + 1)·λ₀] is found: a
 * scan of 400 points brackets each sign change of λ₀·Σ(p·f(λ))ᵏ − λ and Illinois regula falsi
 * refines it. More than one stable solution is the metastable region: the station can run
 * healthy, or — once a spike has filled the backlog past the clients' timeout — stay failing
 * on its own retries after the spike has gone.
 *
 * ```text
 * q = p·f(λ)   λ = λ₀·(1 + q + … + q^r)   goodput = λ·(1 − f)   stable iff d/dλ[λ₀·Σ qᵏ] < 1
 * ```
 * An approximation: it takes the attempts, retries included, as a Poisson stream that fails
 * independently with the station's steady-state f (the retry delays are taken to mix the
 * stream); it says nothing of how long a state lasts. Two roots closer than the scan's step
 * (r·λ₀/400) may be missed.
 *
 * @param input - The station (`servers`, `backlog`, limit, patience or client timeout), λ₀ =
 *   `newRequestRatePerSec`, r = `maxRetries`, p = `retryProbability`.
 * @returns Every operating point, which are stable, and whether the load is metastable.
 * @throws {@link ModelInputError} for invalid fields (as {@link finiteBacklog}).
 * @see N. Bronson, A. Aghayev, A. Charapko & T. Zhu, Metastable Failures in Distributed
 *   Systems, HotOS 2021 (retries as the sustaining effect); L. Huang et al., Metastable Failures
 *   in the Wild, OSDI 2022; the fixed point of retrial load follows the retrial-queue
 *   approximations of G. I. Falin & J. G. C. Templeton, Retrial Queues (Chapman & Hall, 1997).
 * @example
 * ```ts
 * // 4 workers of 100 ms (40 req/s), gunicorn's backlog, 5 s client timeout, 3 retries, 30 req/s new.
 * const r = retryFixedPoints({
 *   newRequestRatePerSec: 30, serviceTimeSec: 0.1, servers: 4, backlog: 2049,
 *   clientTimeoutSec: 5, maxRetries: 3,
 * });
 * r.metastable; // => true
 * Math.round(r.good.goodputPerSec); // => 30
 * Math.round(r.bad.goodputPerSec); // => 0
 * ```
 */
export function retryFixedPoints(input: RetryFixedPointsInput): RetryFixedPoints {
  const model = "retryFixedPoints";
  const o = assertObject(model, input, "input", [
    "newRequestRatePerSec",
    "maxRetries",
    "retryProbability",
    ...STATION_FIELDS,
  ]);
  const base = assertPositive(model, "newRequestRatePerSec", o.newRequestRatePerSec);
  const r = assertInteger(model, "maxRetries", o.maxRetries, 0, 100);
  const p =
    o.retryProbability === undefined
      ? 1
      : assertFraction(model, "retryProbability", o.retryProbability);
  const station = readBacklogStation(model, o);
  const gap = (lambda: number): number =>
    base * geometricSum(p * backlogAt(station, lambda).failedShare, r) - lambda;
  // Each root with its stability: where the gap falls through 0 the point is stable.
  const roots: { lambda: number; stable: boolean }[] = [];
  let x0 = base;
  let g0 = gap(base); // >= 0: every request is tried once
  if (g0 === 0) roots.push({ lambda: base, stable: true });
  const hi = base * (r + 1);
  for (let i = 1; i <= SCAN_POINTS && r > 0 && p > 0; i++) {
    const x1 = base + ((hi - base) * i) / SCAN_POINTS;
    const g1 = gap(x1);
    if (g1 === 0) roots.push({ lambda: x1, stable: g0 > 0 });
    else if (g0 > 0 && g1 < 0) roots.push({ lambda: rootBetween(gap, x0, x1, true), stable: true });
    else if (g0 < 0 && g1 > 0)
      roots.push({ lambda: rootBetween(gap, x0, x1, false), stable: false });
    x0 = x1;
    g0 = g1;
  }
  // gap(hi) = λ₀·(1 + … + (pf)ʳ) − λ₀(r + 1) <= 0, with equality when every attempt fails; a
  // rounding error above 0 there must not lose that root (all attempts failing is stable).
  if (r > 0 && p > 0 && g0 > 0) roots.push({ lambda: hi, stable: true });
  const points = roots.map(({ lambda, stable }) => {
    const at = backlogAt(station, lambda);
    const f = at.failedShare;
    return {
      attemptRatePerSec: lambda,
      amplification: lambda / base,
      attemptFailedShare: f,
      requestFailedShare: Math.min(1, Math.max(0, 1 - (1 - f) * geometricSum(p * f, r))),
      goodputPerSec: lambda * (1 - f),
      stable,
      station: at,
    };
  });
  const stable = points.filter((q) => q.stable);
  return {
    method: "approximation",
    points,
    metastable: stable.length > 1,
    good: stable[0]!,
    bad: stable[stable.length - 1]!,
  };
}

/** 1 + q + … + q^r, without cancellation at q = 1. */
function geometricSum(q: number, r: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k <= r; k++) {
    term *= q;
    sum += term;
  }
  return sum;
}

/** The root of `gap` in (a, b), where it goes from + to − (`falling`) or from − to +. */
function rootBetween(gap: (x: number) => number, a: number, b: number, falling: boolean): number {
  const { lo, hi } = falling ? bracketedRoot(gap, a, b) : bracketedRoot((x) => -gap(x), a, b);
  return 0.5 * (lo + hi);
}
