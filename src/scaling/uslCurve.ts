// Numeric kernels of the Universal Scalability Law curve X(N) = λN/D(N), with
// D(N) = 1 + σ(N − 1) + κN(N − 1), for 0 <= σ <= 1, 0 <= κ <= 1, λ > 0 and N >= 0. They never
// throw and never return NaN; the public functions in fitUsl.ts validate their arguments.
// Under these bounds D(N) >= min(1, N²) > 0 for N > 0, so the curve has no pole.

/** D(N) = 1 + (N − 1)(σ + κN), grouped so that every term is >= 0 when N >= 1. */
export function uslDenominator(sigma: number, kappa: number, n: number): number {
  if (n >= 1) return 1 + (n - 1) * (sigma + kappa * n);
  return 1 - sigma + n * (sigma + kappa * (n - 1)); // D(0) = 1 − σ exactly
}

/** X(N) = λN/D(N); 0 at N = 0. Divides by D/N for N >= 1 so that λ·N cannot overflow. */
export function uslThroughput(sigma: number, kappa: number, lambda: number, n: number): number {
  if (n === 0) return 0;
  if (n < 1) return (lambda * n) / uslDenominator(sigma, kappa, n);
  const inv = 1 / n;
  return lambda / (inv + (1 - inv) * (sigma + kappa * n));
}

/** R(N) = N/X(N) = D(N)/λ, by Little's law. */
export function uslLatency(sigma: number, kappa: number, lambda: number, n: number): number {
  return uslDenominator(sigma, kappa, n) / lambda;
}

/**
 * The peak of X over N > 0: N* = √((1 − σ)/κ) and X(N*) = λ/(σ − κ + 2√(κ(1 − σ))), which is
 * λ/σ (the asymptote) when κ = 0 and unbounded when σ = κ = 0.
 */
export function uslPeak(
  sigma: number,
  kappa: number,
  lambda: number,
): { concurrency: number; throughputPerSec: number } {
  const concurrency = kappa === 0 ? Infinity : Math.sqrt((1 - sigma) / kappa);
  // σ − κ + 2√(κ(1 − σ)) = 1 − (√κ − √(1 − σ))² >= 0 on the box; 0 only when σ = κ ∈ {0, 1}.
  const limit = sigma - kappa + 2 * Math.sqrt(kappa * (1 - sigma));
  return { concurrency, throughputPerSec: limit > 0 ? lambda / limit : Infinity };
}

/**
 * The largest N >= 0 with R(N) = R, i.e. the larger root of κN² + (σ − κ)N + (1 − σ − λR) = 0;
 * 0 when no N >= 0 has a latency that low, Infinity when latency never reaches R (σ = κ = 0).
 */
export function uslConcurrencyAtLatency(
  sigma: number,
  kappa: number,
  lambda: number,
  latencySec: number,
): number {
  const b = sigma - kappa;
  const c = 1 - sigma - lambda * latencySec; // −c is how far λR exceeds D(0) = 1 − σ
  if (!(c > -Infinity)) return Infinity;
  if (kappa === 0) {
    if (sigma === 0) return c < 0 ? Infinity : 0; // R(N) = 1/λ for every N
    return Math.max(0, -c / sigma);
  }
  const disc = b * b - 4 * kappa * c;
  if (disc < 0) return 0;
  const root = Math.sqrt(disc);
  // Larger root (−b + √Δ)/(2κ), written as −2c/(b + √Δ) when b > 0 to avoid cancellation.
  const n = b > 0 ? (-2 * c) / (b + root) : (root - b) / (2 * kappa);
  return Math.max(0, n);
}

/**
 * The N on the rising branch 0 <= N <= N* with X(N) = x: the smaller root of
 * κN² + (σ − κ − λ/x)N + (1 − σ) = 0. Infinity when x is not reached on that branch (x above the
 * peak throughput or at the κ = 0 asymptote, or σ = 1 where throughput never rises).
 */
export function uslConcurrencyAtThroughput(
  sigma: number,
  kappa: number,
  lambda: number,
  throughputPerSec: number,
): number {
  if (throughputPerSec === 0) return 0;
  const peak = uslPeak(sigma, kappa, lambda);
  if (!(throughputPerSec <= peak.throughputPerSec) || sigma === 1) return Infinity;
  const c = 1 - sigma;
  const minusB = lambda / throughputPerSec - sigma + kappa; // > 0 below the peak
  if (!(minusB > 0)) return Infinity;
  // √Δ = |b|·√(1 − 4κc/b²), clamped at 0 where rounding puts x a hair above the peak.
  const root = minusB * Math.sqrt(Math.max(0, 1 - (4 * kappa * c) / minusB / minusB));
  const n = (2 * c) / (minusB + root); // smaller root 2c/(−b + √Δ), no cancellation
  return Math.min(n, peak.concurrency);
}
