// Seeded random numbers for the simulators: xoshiro128** (Blackman & Vigna, 2018) seeded by
// splitmix32, so a run is reproducible from its seed on every platform.

/** A seeded source of uniform numbers in (0, 1). */
export interface Random {
  /** A uniform number in the open interval (0, 1). */
  next(): number;
}

/** A xoshiro128** generator from a 32-bit seed. */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
  return {
    next() {
      const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
      const t = (b << 9) >>> 0;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
      return (result + 0.5) / 4294967296;
    },
  };
}

/**
 * A sampler of positive times with the given mean and squared coefficient of variation (SCV):
 * fixed (SCV 0), gamma with shape 1/SCV (0 < SCV < 1; exponential at 1), or a two-phase
 * hyperexponential with balanced means (SCV > 1).
 */
export function timeSampler(random: Random, mean: number, scv: number): () => number {
  if (scv === 0) return () => mean;
  if (scv <= 1) {
    const shape = 1 / scv;
    const scale = mean / shape;
    return () => scale * gamma(random, shape);
  }
  // H2 with balanced means: p = (1 + sqrt((scv − 1)/(scv + 1)))/2, rates 2p/mean and 2(1−p)/mean.
  const p = (1 + Math.sqrt((scv - 1) / (scv + 1))) / 2;
  const mean1 = mean / (2 * p);
  const mean2 = mean / (2 * (1 - p));
  return () => -Math.log(random.next()) * (random.next() < p ? mean1 : mean2);
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
function gamma(random: Random, shape: number): number {
  if (shape === 1) return -Math.log(random.next());
  if (shape < 1) return gamma(random, shape + 1) * random.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.next();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function normal(random: Random): number {
  // Box–Muller; one of the pair is enough here.
  return Math.sqrt(-2 * Math.log(random.next())) * Math.cos(2 * Math.PI * random.next());
}
