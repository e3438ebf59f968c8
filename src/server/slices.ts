// Long work on the server's one thread, cut into slices of time so that a request waiting is answered between two.

/** The longest a slice keeps the thread: a keystroke's search waits at most about this long behind work in the background. */
const SLICE_MS = 5;

/** Work in the background waiting for its next slice, first come first served. */
const waiting: (() => void)[] = [];

/**
 * A later turn of the event loop, in which requests waiting are answered first. One slice of background work runs per turn:
 * when several kinds of work go on at once (after a load: the search index, relations, the docs check), a request waited
 * behind a slice of each.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    if (waiting.push(resolve) === 1) setImmediate(runNext);
  });
}

function runNext(): void {
  const next = waiting.shift()!;
  if (waiting.length > 0) setImmediate(runNext);
  next();
}

/**
 * A pause to call often during long work: it yields a turn once the slice's time is spent, and otherwise returns at once.
 * Slices of a count of items lasted from 1 to 60 ms, as items differ in cost, and a search waited behind the long ones.
 */
export function slicePause(): () => Promise<void> {
  let started = performance.now();
  return async () => {
    if (performance.now() - started < SLICE_MS) return;
    await nextTurn();
    started = performance.now();
  };
}
