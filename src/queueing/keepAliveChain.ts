// The Markov chain of one uvicorn worker's connections under --limit-concurrency with keep-alive
// clients (the states and rates are in keepAliveLimit's doc), solved level by level.

/** The chain's parameters, in seconds and counts. @internal */
export interface KeepAliveChainInput {
  /** Clients, all workers. */
  n: number;
  /** Mean think time. */
  z: number;
  /** Mean hold of a served request. */
  s: number;
  /** Requests the worker progresses at once. */
  c: number;
  /** Open connections the worker can hold: min(L − 1, N). */
  places: number;
  /** Keep-alive timeout. */
  t: number;
  /** How long a 503's connection stays open. */
  r: number;
  /** a(n): the rate of new connections' requests at the worker when it holds n connections, n = 0…places. */
  arrivals: Float64Array;
}

/** The worker's stationary figures: rates per second and mean counts. @internal */
export interface KeepAliveChain {
  requestRate: number;
  servedRate: number;
  refusedRate: number;
  newRate: number;
  busy: number;
  idle: number;
  /** P(the worker holds n open connections), n = 0…places. */
  levels: Float64Array;
}

const index = (level: number, busy: number): number => (level * (level + 1)) / 2 + busy;

/**
 * The stationary distribution of (b, i) and the figures read from it. The chain moves one level
 * (b + i) at a time, so it is solved exactly, level by level (linear level reduction, Gaver,
 * Jacobs & Latouche 1984): from the top, Uₙ = A₁(n) + Rₙ₊₁·A₂(n + 1) and Rₙ = A₀(n − 1)·(−Uₙ)⁻¹,
 * then πₙ = πₙ₋₁·Rₙ from π₀ = 1, normalized. −Uₙ is an M-matrix whose rows leave the level only
 * downwards (every excursion above comes back), inverted by GTH elimination, so nothing is
 * subtracted and a level that idle connections hardly leave keeps its digits. Work grows as
 * places⁴/4. @internal
 */
export function keepAliveChain(p: KeepAliveChainInput): KeepAliveChain {
  const { n, z, s, c, places, r } = p;
  // A timeout under 1e-12 of the think time is none: its idle connections would close at rates
  // past floating point, and they hold a place for under 1e-12 of the time.
  const t = p.t > 1e-12 * z ? p.t : 0;
  const limitLevel = places; // b + i = L − 1 (or N): a new connection finds the worker full
  const full = places < n; // the level is the limit's, not the clients' count
  const arrivals = (level: number): number => (level < limitLevel ? (p.arrivals[level] ?? 0) : 0);
  // P(an idle period ends in a request). Past 18.4 think times (e^(−T/Z) < 1e-8) the timeout is
  // taken as 18.4 of them: fewer than one idle period in 10⁸ ends in it either way, and a level
  // that idle connections never leave would have no exit (a singular −Uₙ).
  const keep = t > 0 ? Math.min(1 - 1e-8, -Math.expm1(-t / z)) : 0;
  const theta = t > 0 ? (1 - keep) / (z * keep) : 0; // timeouts per idle connection per second
  const refuseIdle = (level: number): number =>
    full && level === limitLevel ? -Math.expm1(-(p.arrivals[level] ?? 0) * r) : 0;
  const done = (b: number): number => Math.min(b, c) / s;
  // A₂(level): (b, i) → (b, i − 1), an idle connection closed (timeout, or a 503 under way).
  const down = (level: number, b: number): number => {
    const i = level - b;
    return t > 0 ? i * theta + (i / z) * refuseIdle(level) : 0;
  };
  const pi = new Float64Array(index(places + 1, 0));
  if (t === 0) {
    // Without keep-alive a response closes its connection: a birth–death chain on b = level.
    let q = 1;
    pi[0] = 1;
    for (let level = 1; level <= places; level++) {
      q *= arrivals(level - 1) / done(level);
      pi[index(level, level)] = q;
      if (q > 1e100) {
        rescale(pi, level, q);
        q = 1;
      }
    }
  } else {
    const reducers: Float64Array[] = new Array(places + 1);
    let above: Float64Array | undefined; // R of the level above, (level + 1) × (level + 2)
    for (let level = places; level >= 1; level--) {
      const m = level + 1;
      // −Uₙ = D − O: O its off-diagonal rates (within the level, and back from above through
      // Rₙ₊₁·A₂(n + 1)), row-major m × m; each row leaves the level for good only downwards, at
      // `down`, so D's diagonal is O's row sum plus that exit.
      const o = new Float64Array(m * m);
      const exits = new Float64Array(m);
      for (let b = 0; b <= level; b++) {
        const i = level - b;
        exits[b] = down(level, b);
        if (b > 0) o[b * m + b - 1] = done(b);
        if (i > 0) o[b * m + b + 1] = (i / z) * (1 - refuseIdle(level));
        if (above !== undefined) {
          for (let k = 0; k <= level; k++) {
            if (k !== b)
              o[b * m + k] = o[b * m + k]! + above[b * (m + 1) + k]! * down(level + 1, k);
          }
        }
      }
      const inverse = invertMMatrix(o, exits, m);
      // Rₙ = A₀(n − 1)·(−Uₙ)⁻¹: A₀ takes state b of level n − 1 to b + 1 at rate a(n − 1).
      const reducer = new Float64Array(level * m);
      const a = arrivals(level - 1);
      for (let b = 0; b < level; b++) {
        for (let k = 0; k < m; k++) reducer[b * m + k] = a * inverse[(b + 1) * m + k]!;
      }
      reducers[level] = reducer;
      above = reducer;
    }
    pi[0] = 1;
    for (let level = 1; level <= places; level++) {
      const reducer = reducers[level]!;
      const m = level + 1;
      for (let k = 0; k < m; k++) {
        let sum = 0;
        for (let b = 0; b < level; b++) sum += pi[index(level - 1, b)]! * reducer[b * m + k]!;
        pi[index(level, k)] = sum;
      }
      let levelSum = 0;
      for (let k = 0; k < m; k++) levelSum += pi[index(level, k)]!;
      if (levelSum > 1e100) rescale(pi, level, levelSum);
    }
  }
  const total = pi.reduce((x, q) => x + q, 0);
  for (let k = 0; k < pi.length; k++) pi[k]! /= total;
  return figures({ ...p, t }, pi, refuseIdle);
}

/**
 * Divides the probabilities of levels 0…`level` by `by` (> 1e100), so that rates far apart
 * (think times of microseconds against holds of days) never overflow.
 */
function rescale(pi: Float64Array, level: number, by: number): void {
  const end = index(level + 1, 0);
  for (let k = 0; k < end; k++) pi[k] = pi[k]! / by;
}

/**
 * The inverse of the M-matrix D − O (O ≥ 0 off the diagonal, D = O's row sums + `exits`) by the
 * Grassmann–Taksar–Heyman elimination: each pivot is recomputed as the remaining row's rates
 * plus its exit, never by subtraction, so every step adds nonnegative numbers and the inverse
 * (nonnegative) keeps its digits however nearly singular the matrix (Grassmann, Taksar & Heyman,
 * Operations Research 33, 1985). `o` and `exits` are overwritten.
 */
function invertMMatrix(o: Float64Array, exits: Float64Array, m: number): Float64Array {
  const pivot = new Float64Array(m);
  const lower = new Float64Array(m * m);
  for (let k = 0; k < m; k++) {
    let d = exits[k]!;
    for (let j = k + 1; j < m; j++) d += o[k * m + j]!;
    pivot[k] = d;
    for (let i = k + 1; i < m; i++) {
      const l = o[i * m + k]! / d;
      if (l === 0) continue;
      lower[i * m + k] = l;
      for (let j = k + 1; j < m; j++) if (j !== i) o[i * m + j] = o[i * m + j]! + l * o[k * m + j]!;
      exits[i] = exits[i]! + l * exits[k]!;
    }
  }
  // (D − O) = (I − lower)·upper, upper = diag(pivot) − O above the diagonal: Y = upper⁻¹·(I − lower)⁻¹.
  const y = new Float64Array(m * m);
  for (let col = 0; col < m; col++) {
    const zc = new Float64Array(m);
    for (let i = col; i < m; i++) {
      let v = i === col ? 1 : 0;
      for (let k = col; k < i; k++) v += lower[i * m + k]! * zc[k]!;
      zc[i] = v;
    }
    for (let i = m - 1; i >= 0; i--) {
      let v = zc[i]!;
      for (let j = i + 1; j < m; j++) v += o[i * m + j]! * y[j * m + col]!;
      y[i * m + col] = v / pivot[i]!;
    }
  }
  return y;
}

/** The rates and means read from π; new connections at the top level (b + i = places < N) are refused. */
function figures(
  p: KeepAliveChainInput,
  pi: Float64Array,
  refuseIdle: (level: number) => number,
): KeepAliveChain {
  const { z, s, c, places, t } = p;
  const levels = new Float64Array(places + 1);
  const sum = {
    requestRate: 0,
    servedRate: 0,
    refusedRate: 0,
    newRate: 0,
    busy: 0,
    idle: 0,
    levels,
  };
  for (let level = 0; level <= places; level++) {
    for (let b = 0; b <= level; b++) {
      const q = pi[index(level, b)]!;
      if (q === 0) continue;
      levels[level]! += q;
      const i = level - b;
      const fresh = p.arrivals[level] ?? 0;
      const reused = t > 0 ? i / z : 0;
      const refused = level === places && places < p.n ? fresh : 0;
      sum.requestRate += q * (fresh + reused);
      sum.newRate += q * fresh;
      sum.refusedRate += q * (refused + reused * refuseIdle(level));
      sum.servedRate += q * (Math.min(b, c) / s);
      sum.busy += q * b;
      sum.idle += q * i;
    }
  }
  return sum;
}
