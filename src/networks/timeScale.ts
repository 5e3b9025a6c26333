/**
 * The unit of time a closed network is solved in, as a power of two of seconds: 1 for moderate
 * times, else the geometric middle of the largest and smallest positive times, so that the
 * recursions' products (a demand times a queue length, a population times a demand, a
 * throughput times a demand) neither overflow nor underflow. Mean value analysis has no scale of
 * its own — dividing every time by s multiplies the throughputs by s and leaves queue lengths
 * and utilizations as they are — and a power of two divides exactly, so the answer is the same as
 * solving in seconds wherever that does not overflow.
 */
export function timeScale(times: readonly number[], population: number): number {
  let largest = 0;
  let smallest = Infinity;
  for (const t of times) {
    if (t > largest) largest = t;
    if (t > 0 && t < smallest) smallest = t;
  }
  if (largest === 0) return 1;
  if (largest * Math.max(1, population) < 1e150 && smallest > 1e-150) return 1;
  return 2 ** Math.round((Math.log2(largest) + Math.log2(smallest)) / 2);
}
