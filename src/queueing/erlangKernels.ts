import { logPoissonPmf, lowerTailRatio, upperTailRatio } from "../math/poisson.js";

// Numeric kernels behind erlangB and erlangC. They never throw: callers validate first.
//
// With N ~ Poisson(a), the Erlang B formula is B(c, a) = P(N = c) / P(N <= c), computed without
// factorials, powers or overflow from the tail ratios of src/math/poisson.ts:
// - a > c:  1/B = P(N <= c)/P(N = c) = Σ_{j=0..c} c!/((c−j)!·a^j);
// - a <= c: P(N <= c) = 1 − P(N = c)·U with U = P(N > c)/P(N = c) = Σ_{j>=1} a^j·c!/(c+j)!, and
//           P(N = c) from Loader's saddle-point formula, so
//           B = exp(ln P(N = c) − ln(1 − P(N = c)·U)), where P(N <= c) >= ~1/2.
// Each ratio is a sum of positive terms away from the mode (about 200 of them at most) and
// Temme's uniform expansion near it, so the cost does not grow with c.

/** Erlang B blocking probability; `servers` an integer >= 0, `offeredLoad` finite >= 0. */
export function erlangBKernel(servers: number, offeredLoad: number): number {
  const c = servers;
  const a = offeredLoad;
  if (c === 0) return 1;
  if (a === 0) return 0;
  if (a > c) return 1 / lowerTailRatio(c, a);
  const logPmf = logPoissonPmf(c, a);
  return Math.exp(logPmf - Math.log1p(-Math.exp(logPmf) * upperTailRatio(c, a)));
}

/**
 * Erlang C probability of waiting, C, and its complement 1 − C, both without subtraction:
 * C = c·B/(c − a + a·B) and 1 − C = (c − a)(1 − B)/(c − a + a·B), B = Erlang B. `servers` an
 * integer >= 1, `offeredLoad` finite >= 0; `margin` = c − a, when the caller has it more
 * precisely than c − a (see marginBelow). An overloaded queue (margin <= 0) waits always.
 */
export function erlangCPair(
  servers: number,
  offeredLoad: number,
  margin = servers - offeredLoad,
): { wait: number; noWait: number } {
  if (!(margin > 0)) return { wait: 1, noWait: 0 };
  const a = offeredLoad;
  const b = erlangBKernel(servers, a);
  const denominator = margin + a * b;
  return { wait: (servers * b) / denominator, noWait: (margin * (1 - b)) / denominator };
}

/** Erlang C probability of waiting; `servers` an integer >= 1, `offeredLoad` finite >= 0. */
export function erlangCKernel(servers: number, offeredLoad: number): number {
  return erlangCPair(servers, offeredLoad).wait;
}
