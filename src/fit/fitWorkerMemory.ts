import { ModelInputError } from "../errors.js";
import { inverseGramDiagonal, solveLeastSquares } from "../math/leastSquares.js";
import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";

/** The RSS of one worker process, with how many threads it has and how many requests' memory it held. */
export interface WorkerMemorySample {
  /** Threads serving requests in the worker. */
  threads: number;
  /**
   * Requests whose memory the worker held at once. Python and the C allocator keep what a
   * request allocated after it ends (each thread's malloc arena keeps its high-water mark), so
   * after a busy period this is the most requests that were in the worker together: every
   * thread, once all of them have served at the same time; 0 for a workload that allocates nothing.
   */
  heldRequests: number;
  /** Resident set size, bytes. */
  rssBytes: number;
}

/** Result of {@link fitWorkerMemory}. */
export interface FittedWorkerMemory {
  /** RSS of the worker without threads or requests: the intercept, bytes. */
  baseBytes: number;
  /** `perThreadBytes` for a memory profile: the growth per thread, bytes. */
  perThreadBytes: number;
  /** `perRequestBytes` for a memory profile: the growth per request held, bytes. */
  perRequestBytes: number;
  /** Standard errors of the three, bytes (`Infinity` with exactly three samples: no residual left). */
  standardErrorBytes: { base: number; perThread: number; perRequest: number };
}

/**
 * Memory per thread and per request from worker RSS measured at several thread counts, with and
 * without requests' memory held: rss = base + perThread·threads + perRequest·heldRequests,
 * fitted by least squares (Householder QR). Standard errors are s·√diag((AᵀA)⁻¹) with
 * s² = SSE/(n − 3).
 *
 * @param input - At least three samples that vary the threads and the requests held independently.
 * @returns The base, the per-thread and per-request bytes and their standard errors.
 * @throws {@link ModelInputError} for fewer than three samples, a bad field (named by its index),
 *   or samples in which threads and held requests do not vary independently.
 * @example
 * ```ts
 * const fit = fitWorkerMemory({ samples: [{ threads: 1, heldRequests: 0, rssBytes: 1000 }, { threads: 4, heldRequests: 0, rssBytes: 1030 }, { threads: 4, heldRequests: 4, rssBytes: 5030 }] });
 * fit.perRequestBytes; // => 1000
 * ```
 */
export function fitWorkerMemory(input: {
  samples: readonly WorkerMemorySample[];
}): FittedWorkerMemory {
  const model = "fitWorkerMemory";
  const o = assertObject(model, input, "input", ["samples"]);
  const samples = o.samples;
  if (!Array.isArray(samples) || samples.length < 3) {
    throw new ModelInputError(model, "samples", samples, "an array of 3 samples or more");
  }
  const rows = samples.length;
  const a = new Float64Array(rows * 3);
  const b = new Float64Array(rows);
  samples.forEach((s: unknown, i) => {
    const field = `samples[${i}]`;
    const sample = assertObject(model, s, field, ["threads", "heldRequests", "rssBytes"]);
    a[i * 3] = 1;
    a[i * 3 + 1] = assertInteger(model, `${field}.threads`, sample.threads, 1);
    a[i * 3 + 2] = assertNonNegative(model, `${field}.heldRequests`, sample.heldRequests);
    b[i] = assertPositive(model, `${field}.rssBytes`, sample.rssBytes);
  });
  const unscaled = inverseGramDiagonal(a, rows, 3);
  if (!unscaled.every(Number.isFinite)) {
    throw new ModelInputError(
      model,
      "samples",
      `${rows} samples`,
      "samples in which threads and held requests vary independently (e.g. two thread counts without requests held, one with)",
    );
  }
  // Solved with every column and the RSS scaled to at most 1, so that nothing of 1e308 overflows;
  // the coefficients and their errors are scaled back.
  const scale = Math.max(...b);
  const columns = [1, 2].map((j) => Math.max(...samples.map((_, i) => a[i * 3 + j]!)) || 1);
  const scaled = a.map((v, k) => (k % 3 === 0 ? v : v / columns[(k % 3) - 1]!));
  const y = b.map((v) => v / scale);
  const fit = solveLeastSquares(new Float64Array(scaled), rows, 3, new Float64Array(y));
  if (fit === undefined) {
    throw new ModelInputError(
      model,
      "samples",
      `${rows} samples`,
      "samples a line can be fitted to",
    );
  }
  const unit = [scale, scale / columns[0]!, scale / columns[1]!];
  let sse = 0;
  for (let i = 0; i < rows; i++) {
    sse += (y[i]! - fit[0]! - fit[1]! * scaled[i * 3 + 1]! - fit[2]! * scaled[i * 3 + 2]!) ** 2;
  }
  const s2 = rows > 3 ? sse / (rows - 3) : Infinity;
  const scaledVariance = inverseGramDiagonal(scaled, rows, 3);
  const se = (k: number): number =>
    rows > 3 ? Math.sqrt(s2 * scaledVariance[k]!) * unit[k]! : Infinity;
  return {
    baseBytes: fit[0]! * unit[0]!,
    perThreadBytes: fit[1]! * unit[1]!,
    perRequestBytes: fit[2]! * unit[2]!,
    standardErrorBytes: { base: se(0), perThread: se(1), perRequest: se(2) },
  };
}
