// Long work on the server's one thread, cut into slices of time so that a request waiting is answered between two.

/** The longest a slice keeps the thread: a keystroke's search waits at most about this long behind work in the background. */
const SLICE_MS = 5;

/** Work in the background waiting for its next slice, first come first served; work that a request may be waiting for goes first. */
const waiting: (() => void)[] = [];
const waitingAhead: (() => void)[] = [];

/**
 * A later turn of the event loop, in which requests waiting are answered first. One slice of background work runs per turn:
 * when several kinds of work go on at once (after a load: the search index, relations, the docs check), a request waited
 * behind a slice of each.
 */
export function nextTurn(ahead = false): Promise<void> {
  return new Promise((resolve) => {
    (ahead ? waitingAhead : waiting).push(resolve);
    if (waiting.length + waitingAhead.length === 1) setImmediate(runNext);
  });
}

function runNext(): void {
  const next = waitingAhead.shift() ?? waiting.shift()!;
  if (waiting.length + waitingAhead.length > 0) setImmediate(runNext);
  next();
}

/**
 * A pause to call often during long work: it yields a turn once the slice's time is spent, and otherwise returns at once.
 * Slices of a count of items lasted from 1 to 60 ms, as items differ in cost, and a search waited behind the long ones.
 * `ahead`: work a request may be waiting for (the search index catching up) takes its slices before other work's.
 */
export function slicePause(ahead = false): () => Promise<void> {
  let started = performance.now();
  return async () => {
    if (performance.now() - started < SLICE_MS) return;
    await nextTurn(ahead);
    started = performance.now();
  };
}
