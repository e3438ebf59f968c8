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
export function nextTurn(ahead = false, first = false): Promise<void> {
  return new Promise((resolve) => {
    if (first) waitingAhead.unshift(resolve);
    else (ahead ? waitingAhead : waiting).push(resolve);
    if (waiting.length + waitingAhead.length === 1) setImmediate(runNext);
  });
}

function runNext(): void {
  const next = waitingAhead.shift() ?? waiting.shift()!;
  if (waiting.length + waitingAhead.length > 0) setImmediate(runNext);
  next();
}

/** The longest a slice of work that keeps pace with another (see `slicePause`) keeps the thread. */
const MAX_PACE_MS = 250;

/**
 * A pause to call often during long work: it yields a turn once the slice's time is spent, and otherwise returns at once.
 * Slices of a count of items lasted from 1 to 60 ms, as items differ in cost, and a search waited behind the long ones.
 * `ahead`: work a request may be waiting for (the search index catching up, relations a search's users show) takes its slices
 * before other work's.
 * `keepPace`: work that must keep up with other work on the thread (indexing a load's files as they are read) may take
 * as long as the others took while it waited, up to MAX_PACE_MS: with 5 ms a turn it fell behind a load that parses
 * for tens of milliseconds a turn, and at 100,000 entities the first search waited seconds for it after the load.
 * `first`: while it says so (a request is waiting for this very work), its slices go before all other background work.
 */
export function slicePause({ ahead = false, keepPace = false, first = (): boolean => false } = {}): () => Promise<void> {
  let started = performance.now();
  let budget = SLICE_MS;
  return async () => {
    if (performance.now() - started < budget) return;
    const yielded = performance.now();
    await nextTurn(ahead, first());
    started = performance.now();
    if (keepPace) budget = Math.min(MAX_PACE_MS, Math.max(SLICE_MS, started - yielded));
  };
}
