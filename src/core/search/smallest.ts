/**
 * The `limit` first items in `compare` order, in that order, without sorting them all: a bounded max-heap,
 * O(n log limit). For a page of results out of a whole catalog.
 */
export function smallest<T>(items: Iterable<T>, limit: number, compare: (a: T, b: T) => number): T[] {
  const heap: T[] = [];
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  if (limit <= 0) return heap;
  for (const item of items) {
    if (heap.length < limit) {
      heap.push(item);
      for (let i = heap.length - 1, parent = (i - 1) >> 1; i > 0 && compare(heap[i], heap[parent]) > 0; i = parent, parent = (i - 1) >> 1) swap(i, parent);
    } else if (compare(item, heap[0]) < 0) {
      heap[0] = item;
      for (let i = 0, largest = 0; ; i = largest) {
        for (const child of [2 * i + 1, 2 * i + 2]) if (child < heap.length && compare(heap[child], heap[largest]) > 0) largest = child;
        if (largest === i) break;
        swap(i, largest);
      }
    }
  }
  return heap.sort(compare);
}
