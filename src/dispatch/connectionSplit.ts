import { logGamma } from "../math/gamma.js";

// How keep-alive connections land on the workers that accept them from one listening socket:
// a Pólya urn. Each new connection goes to worker k with probability (nₖ + a) ÷ (n + W·a), nₖ the
// connections it holds already, n all of them, W the workers and a the affinity: a worker that
// holds connections is awake serving them and takes the next one first, an idle one is woken by
// the kernel with weight a. After C connections the counts follow the Dirichlet-multinomial law
// (Eggenberger & Pólya 1923; Mosimann 1962):
//   P(n₁…n_W) = C!·Γ(W·a) ÷ Γ(C + W·a) · Πₖ Γ(nₖ + a) ÷ (nₖ!·Γ(a))
// a → ∞ is the multinomial of a hash (SO_REUSEPORT); a → 0 puts every connection on one worker.
// The urn is the last stage of the accept race (acceptRace.ts), which draws the splits.

/** log P(the counts) under the urn with affinity `a`: the counts of one draw, in worker order. */
export function splitLogProbability(counts: readonly number[], affinity: number): number {
  const workers = counts.length;
  const total = counts.reduce((s, n) => s + n, 0);
  if (affinity === Infinity) {
    // The multinomial with equal shares: C! ÷ Π nₖ! · W^−C.
    let log = logGamma(total + 1) - total * Math.log(workers);
    for (const n of counts) log -= logGamma(n + 1);
    return log;
  }
  let log =
    logGamma(total + 1) + logGamma(workers * affinity) - logGamma(total + workers * affinity);
  for (const n of counts) log += logGamma(n + affinity) - logGamma(n + 1) - logGamma(affinity);
  return log;
}

/**
 * P(the largest count ≤ m) for m = 0…C: the urn's law factors over the workers, so the sum over
 * the splits with every count ≤ m is a W-fold convolution of the per-worker factor cut at m,
 * tilted and rescaled after each worker so that nothing overflows or underflows where the mass is.
 */
export function largestCountCdf(workers: number, connections: number, affinity: number): number[] {
  const factor = Array.from({ length: connections + 1 }, (_, n) =>
    affinity === Infinity
      ? -logGamma(n + 1) - n * Math.log(workers)
      : logGamma(n + affinity) - logGamma(n + 1) - logGamma(affinity),
  );
  const norm =
    affinity === Infinity
      ? logGamma(connections + 1)
      : logGamma(connections + 1) +
        logGamma(workers * affinity) -
        logGamma(connections + workers * affinity);
  // Tilted by e^(n·t), flat around the even count C ÷ W where the mass of a spread urn lies (the
  // counts sum to C, so the tilt is e^(C·t) on every split and is taken out at the end).
  const even = Math.max(0, Math.min(connections - 1, Math.floor(connections / workers)));
  const tilt = connections > 0 ? factor[even]! - factor[even + 1]! : 0;
  const tilted = factor.map((f, n) => f + n * tilt);
  const top = Math.max(...tilted);
  const share = tilted.map((f) => Math.exp(f - top));
  const cdf: number[] = [];
  for (let m = 0; m <= connections; m++) {
    // ways[c]: the sum over the first workers' counts (each ≤ m) adding up to c, times e^−scale.
    let ways = new Float64Array(connections + 1);
    ways[0] = 1;
    let scale = 0;
    for (let k = 0; k < workers; k++) {
      const next = new Float64Array(connections + 1);
      let largest = 0;
      for (let c = 0; c <= connections; c++) {
        const w = ways[c]!;
        if (w === 0) continue;
        for (let n = 0; n <= m && c + n <= connections; n++) {
          next[c + n] = next[c + n]! + w * share[n]!;
        }
      }
      for (const v of next) largest = Math.max(largest, v);
      if (largest > 0) {
        for (let c = 0; c <= connections; c++) next[c] = next[c]! / largest;
        scale += Math.log(largest);
      }
      ways = next;
    }
    const w = ways[connections]!;
    cdf.push(
      w > 0
        ? Math.min(1, Math.exp(Math.log(w) + scale + workers * top - connections * tilt + norm))
        : 0,
    );
  }
  return cdf;
}
