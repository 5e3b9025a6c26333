// Small dense linear least squares by Householder QR (Golub & Van Loan, Matrix Computations,
// 4th ed. (2013), §5.2 and §5.3): the problems here have a handful of columns and any number of
// rows. QR works on the matrix itself, so its accuracy follows cond(A), not cond(A)² as the
// normal equations would.

/**
 * Reduces the rows × cols matrix `a` (row-major, rows >= cols) to R in place by Householder
 * reflections, applying the same reflections to `b` (length rows) when given. Returns the
 * diagonal of R; a zero entry marks a column that depends on the earlier ones.
 */
function householder(a: Float64Array, rows: number, cols: number, b?: Float64Array): Float64Array {
  const diagonal = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    let scale = 0;
    for (let i = k; i < rows; i++) scale = Math.max(scale, Math.abs(a[i * cols + k]!));
    if (scale === 0) continue; // diagonal[k] stays 0
    let norm2 = 0;
    for (let i = k; i < rows; i++) norm2 += (a[i * cols + k]! / scale) ** 2;
    const akk = a[k * cols + k]!;
    const alpha = (akk > 0 ? -scale : scale) * Math.sqrt(norm2); // sign opposite to a_kk
    // v = x − α·e1 overwrites column k below the diagonal; vᵀv = 2α(α − a_kk).
    a[k * cols + k] = akk - alpha;
    const vtv = 2 * alpha * (alpha - akk);
    const reflect = (get: (i: number) => number, set: (i: number, value: number) => void) => {
      let dot = 0;
      for (let i = k; i < rows; i++) dot += a[i * cols + k]! * get(i);
      const f = (2 * dot) / vtv;
      for (let i = k; i < rows; i++) set(i, get(i) - f * a[i * cols + k]!);
    };
    for (let j = k + 1; j < cols; j++) {
      reflect(
        (i) => a[i * cols + j]!,
        (i, value) => (a[i * cols + j] = value),
      );
    }
    if (b) {
      reflect(
        (i) => b[i]!,
        (i, value) => (b[i] = value),
      );
    }
    diagonal[k] = alpha;
  }
  return diagonal;
}

/**
 * The x minimizing ‖A·x − b‖ for the rows × cols matrix `a` (row-major, rows >= cols), or
 * `undefined` when A is rank deficient. Overwrites `a` and `b`.
 */
export function solveLeastSquares(
  a: Float64Array,
  rows: number,
  cols: number,
  b: Float64Array,
): Float64Array | undefined {
  const r = householder(a, rows, cols, b);
  const x = new Float64Array(cols);
  for (let k = cols - 1; k >= 0; k--) {
    let s = b[k]!;
    for (let j = k + 1; j < cols; j++) s -= a[k * cols + j]! * x[j]!;
    x[k] = s / r[k]!;
    if (!Number.isFinite(x[k])) return undefined;
  }
  return x;
}

/**
 * The diagonal of (AᵀA)⁻¹ for the rows × cols matrix `a` (row-major, not modified): the
 * unscaled variances of a least-squares fit whose Jacobian is A. Columns are scaled to unit norm
 * before the QR so that the rank test is independent of their units; entries are `Infinity`
 * when A is rank deficient (a reciprocal condition number below 1e-13).
 */
export function inverseGramDiagonal(a: Float64Array, rows: number, cols: number): Float64Array {
  const scaled = new Float64Array(a);
  const norms = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = 0; i < rows; i++) s = Math.hypot(s, a[i * cols + j]!);
    norms[j] = s;
    for (let i = 0; i < rows; i++) scaled[i * cols + j] = s > 0 ? a[i * cols + j]! / s : 0;
  }
  const out = new Float64Array(cols).fill(Infinity);
  const r = householder(scaled, rows, cols);
  if (!r.every((d) => Math.abs(d) > 1e-13)) return out;
  // R⁻¹ by back substitution, then diag(R⁻¹R⁻ᵀ) = squared row norms of R⁻¹.
  const inv = new Float64Array(cols * cols);
  for (let c = 0; c < cols; c++) {
    for (let k = c; k >= 0; k--) {
      let s = k === c ? 1 : 0;
      for (let j = k + 1; j <= c; j++) s -= scaled[k * cols + j]! * inv[j * cols + c]!;
      inv[k * cols + c] = s / r[k]!;
    }
  }
  for (let k = 0; k < cols; k++) {
    let s = 0;
    for (let c = k; c < cols; c++) s += inv[k * cols + c]! ** 2;
    out[k] = s / (norms[k]! * norms[k]!);
  }
  return out;
}
