/**
 * The points of a step curve where its level changes, with its first and last points: what an
 * `xyChart` series of style `"step"` needs to draw a quantity that jumps between whole units (the
 * cost of whole machines against the load) from a fine sampling, with a mark only where it jumps.
 * Each jump is placed at the first sample past it, so sample as finely as the jumps should be
 * placed.
 *
 * @param points - Samples of the curve, in x order.
 * @returns The first point, each point whose y differs from the one before, and the last point.
 * @example
 * ```ts
 * stepPoints([{ x: 1, y: 10 }, { x: 2, y: 10 }, { x: 3, y: 20 }, { x: 4, y: 20 }, { x: 5, y: 20 }]).map((p) => p.x); // => [1, 3, 5]
 * ```
 */
export function stepPoints<P extends { x: number; y: number }>(points: readonly P[]): P[] {
  return points.filter(
    (p, i) => i === 0 || i === points.length - 1 || !Object.is(p.y, points[i - 1]!.y),
  );
}
