/**
 * The `limit` first items in `compare` order, in that order, without sorting them all: a bounded max-heap,
 * O(n log limit). For a page of results out of a whole catalog.
 */
export function smallest<T>(items: Iterable<T>, limit: number, compare: (a: T, b: T) => number): T[] {
  const heap: T[] = [];
  const swap = (i: number, j: number) => {
    const kept = heap[i];
    heap[i] = heap[j];
    heap[j] = kept;
  };
  if (limit <= 0) return heap;
  for (const item of items) {
    if (heap.length < limit) {
      heap.push(item);
      for (let i = heap.length - 1, parent = (i - 1) >> 1; i > 0 && compare(heap[i], heap[parent]) > 0; i = parent, parent = (i - 1) >> 1) swap(i, parent);
    } else if (compare(item, heap[0]) < 0) {
      heap[0] = item;
      // Sifts down without allocating: this runs for most items of a large catalog on every keystroke.
      for (let i = 0; ;) {
        let largest = i;
        const left = 2 * i + 1;
        if (left < heap.length && compare(heap[left], heap[largest]) > 0) largest = left;
        if (left + 1 < heap.length && compare(heap[left + 1], heap[largest]) > 0) largest = left + 1;
        if (largest === i) break;
        swap(i, largest);
        i = largest;
      }
    }
  }
  return heap.sort(compare);
}
