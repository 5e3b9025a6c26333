/** Relative error |a − b| / |b| (absolute when b = 0); equal infinities count as exact. */
export function relErr(a: number, b: number): number {
  if (a === b) return 0;
  if (b === 0) return Math.abs(a);
  return Math.abs(a - b) / Math.abs(b);
}
