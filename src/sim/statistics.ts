/** An estimate with its 95 % confidence interval (batch means). */
export interface Estimate {
  mean: number;
  low: number;
  high: number;
}

/** Mean and 95 % interval from 20 batch means (t quantile 2.093 at 19 degrees of freedom). */
export function batchMeans(values: Float64Array): Estimate {
  const batches = 20;
  const size = Math.floor(values.length / batches);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let sum = 0;
    for (let i = b * size; i < (b + 1) * size; i++) sum += values[i] ?? 0;
    means.push(sum / size);
  }
  const mean = means.reduce((a, b) => a + b, 0) / batches;
  if (!(Math.abs(mean) < Infinity)) return { mean, low: mean, high: mean }; // times that overflowed
  const variance = means.reduce((a, m) => a + (m - mean) ** 2, 0) / (batches - 1);
  const half = 2.093 * Math.sqrt(variance / batches);
  return { mean, low: mean - half, high: mean + half };
}

/** The empirical p-quantile function of sorted samples: the smallest sample with at least p·n at or below it. */
export function empiricalQuantile(sorted: Float64Array): (p: number) => number {
  return (p) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}
