/**
 * Why the bucket counts leave the gamma shape unbounded on one side or both, in words, naming
 * the occupied buckets when there are one or two and the search limits that stand in for the
 * unbounded ends.
 */
export function unidentifiedShapeReason(
  counts: readonly number[],
  upperSec: readonly number[],
  shapeRange: readonly [number, number],
  fit: { lowerBounded: boolean; upperBounded: boolean },
): string {
  const occupied = counts.flatMap((n, i) => (n > 0 ? [i] : []));
  const first = occupied[0] ?? 0;
  const le = upperSec[first] === Infinity ? "+Inf" : String(upperSec[first]);
  const why =
    occupied.length === 1
      ? `every observation is in one bucket (le=${le})`
      : occupied.length === 2 && occupied[1] === first + 1
        ? `the observations fall on the two sides of one bound (le=${le})`
        : "the bucket counts do not bound the shape";
  const sides = [
    ...(fit.lowerBounded
      ? []
      : [`shape down to ${shapeRange[0]} (SCV up to ${1 / shapeRange[0]})`]),
    ...(fit.upperBounded
      ? []
      : [`shape up to ${shapeRange[1]} (SCV down to ${1 / shapeRange[1]})`]),
  ];
  return `${why}: the likelihood stays within the interval's reach up to the search limit, ${sides.join(" and ")}; that end of the interval is the limit, not an estimate`;
}
