/**
 * c − x·y with the product taken exactly (Dekker's two-product with Veltkamp splitting), so that
 * the margin to saturation, c − λ·S, keeps full relative precision even when λ·S is within 1e-9
 * of c: forming λ·S first would round away about ε/(1 − ρ) of it.
 */
export function marginBelow(c: number, x: number, y: number): number {
  const p = x * y;
  const [xh, xl] = split(x);
  const [yh, yl] = split(y);
  const error = xh * yh - p + xh * yl + xl * yh + xl * yl;
  return c - p - error;
}

const SPLITTER = 134217729; // 2^27 + 1

function split(x: number): [number, number] {
  const t = SPLITTER * x;
  const high = t - (t - x);
  return [high, x - high];
}
