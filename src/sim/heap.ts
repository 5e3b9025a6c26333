// Min-heaps for the simulators: server free times (multi-server FIFO stations) and events keyed
// by their time.

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

/** Adds an event to a min-heap keyed by its time `at`. */
export function push<T extends { at: number }>(heap: T[], r: T): void {
  let i = heap.length;
  heap.push(r);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.at <= r.at) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = r;
}

/** Removes and returns the earliest event of a non-empty min-heap keyed by `at`. */
export function pop<T extends { at: number }>(heap: T[]): T {
  const top = heap[0]!;
  const last = heap.pop()!;
  const n = heap.length;
  if (n > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && heap[r]!.at < heap[l]!.at ? r : l;
      if (heap[child]!.at >= last.at) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
  return top;
}
