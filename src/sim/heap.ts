// A min-heap of server free times, for the simulators' multi-server FIFO stations.

/** Replaces the smallest element of a min-heap (the next server to free up) and restores the heap. */
export function replaceTop(heap: Float64Array, value: number): void {
  const n = heap.length;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const child = r < n && heap[r]! < heap[l]! ? r : l;
    if (heap[child]! >= value) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = value;
}
