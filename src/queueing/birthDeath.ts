import { compensatedSum } from "../math/sum.js";

/**
 * Stationary probabilities p[0…K] of a birth–death chain on 0…K, given the ratios
 * p(n)/p(n−1) = birth(n−1)/death(n) for n = 1…K, which must be nonincreasing in n (true for
 * M/M/c/K and M/M/c/K/K). The weights are built outwards from the mode, where the weight is 1,
 * so no weight overflows and underflow only hits terms below 1e-308 of the largest.
 */
export function birthDeathProbabilities(
  capacity: number,
  ratio: (n: number) => number,
): Float64Array {
  // Mode: the largest n with ratio(n) >= 1 (0 when there is none); ratio is nonincreasing.
  let lo = 0;
  let hi = capacity;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ratio(mid) >= 1) lo = mid;
    else hi = mid - 1;
  }
  const mode = lo;
  const w = new Float64Array(capacity + 1);
  w[mode] = 1;
  for (let n = mode + 1; n <= capacity; n++) {
    w[n] = (w[n - 1] ?? 0) * ratio(n);
    if (w[n] === 0) break;
  }
  for (let n = mode - 1; n >= 0; n--) {
    w[n] = (w[n + 1] ?? 0) / ratio(n + 1);
    if (w[n] === 0) break;
  }
  const total = compensatedSum(w);
  for (let n = 0; n <= capacity; n++) w[n] = (w[n] ?? 0) / total;
  return w;
}
