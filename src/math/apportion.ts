/**
 * Splits `total` whole units in proportion to `weights` (summing to 1) by the largest-remainder
 * method (Hamilton): each gets the floor of its share, and the units left over go to the largest
 * fractional parts, ties to the lower index.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const raw = weights.map((w) => w * total);
  const whole = raw.map(Math.floor);
  let left = total - whole.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => [r - Math.floor(r), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    whole[i] = (whole[i] ?? 0) + 1;
    left--;
  }
  return whole;
}
