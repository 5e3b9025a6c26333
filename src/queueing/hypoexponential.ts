/**
 * P(X + Y > t) for independent X ~ Exp(rate1), Y ~ Exp(rate2), t >= 0, without the cancellation
 * of (r₂e^(−r₁t) − r₁e^(−r₂t))/(r₂ − r₁) when the rates are close:
 *
 * ```text
 * m = min(r₁, r₂), d = |r₁ − r₂|:   P = e^(−mt)·(1 + m·t·φ(d·t)),   φ(x) = (1 − e^(−x))/x, φ(0) = 1
 * ```
 */
export function hypoexponentialSurvival(rate1: number, rate2: number, t: number): number {
  const m = Math.min(rate1, rate2);
  const x = Math.abs(rate1 - rate2) * t;
  const phi = x === 0 ? 1 : -Math.expm1(-x) / x;
  return Math.exp(-m * t) * (1 + m * t * phi);
}
