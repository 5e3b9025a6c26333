/**
 * b₀ + a₁/(b₁ + a₂/(b₂ + …)) by the modified Lentz method, with `term(j)` giving [a_j, b_j],
 * until a step changes the value by less than 1e-16 (relative), or after `maxTerms` terms.
 */
export function continuedFraction(
  b0: number,
  term: (j: number) => [number, number],
  maxTerms = 100_000_000,
): number {
  const tiny = 1e-300;
  let f = b0 === 0 ? tiny : b0;
  let c = f;
  let d = 0;
  for (let j = 1; j <= maxTerms; j++) {
    const [a, b] = term(j);
    d = b + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}
