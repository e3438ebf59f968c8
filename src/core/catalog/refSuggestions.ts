import { isNearName, NameCandidates, nearestNames } from './nearestNames';

/**
 * The "did you mean" names for refs to nothing, kept up to date as entities come and go. Comparing every
 * broken ref with every name costs hundreds of milliseconds on a large catalog, and a change rarely alters
 * an answer: an answer is dropped only when a name near enough to join it appears, or a name it holds
 * disappears.
 */
export class RefSuggestions {
  private readonly answers = new Map<string, { name: string; kinds: readonly string[]; near: string[] }>();
  /** The names by kinds asked about, while broken refs are checked one after another (see `settled`). */
  private names = new Map<string, NameCandidates>();

  /** `namesOf(kind)`: the names of the catalog's entities of a (lower-case) kind, as they are now; not kept here (a set of them cost some 30 bytes an entity). */
  constructor(private readonly namesOf: (kind: string) => Iterable<string>) {}

  /**
   * Takes note of the names (lower-case kind, name) that appeared and disappeared, and returns the broken
   * names whose answer they change. Past a few dozen changes (a first load) every answer is dropped.
   */
  change(addedNames: readonly [string, string][], removedNames: readonly [string, string][]): string[] | 'all' {
    // A re-read file takes its names out and puts them back: only the net change matters. Counted, not cancelled as
    // sets: names gathered over several updates (a load shown as it goes) may come, go and come again.
    const net = new Map<string, { pair: readonly [string, string]; count: number }>();
    const count = (pair: readonly [string, string], by: number) => {
      const id = `${pair[0]}\u0000${pair[1]}`;
      const entry = net.get(id) ?? { pair, count: 0 };
      entry.count += by;
      net.set(id, entry);
    };
    for (const pair of addedNames) count(pair, 1);
    for (const pair of removedNames) count(pair, -1);
    this.names.clear();
    const added = [...net.values()].filter((entry) => entry.count > 0).map((entry) => entry.pair);
    const removed = [...net.values()].filter((entry) => entry.count < 0).map((entry) => entry.pair);
    if (added.length + removed.length > 50) {
      this.answers.clear();
      return 'all';
    }
    return this.forget(
      (answer) =>
        added.some(([kind, name]) => answer.kinds.includes(kind) && isNearName(answer.name, name)) || removed.some(([kind, name]) => answer.kinds.includes(kind) && answer.near.includes(name)),
    );
  }

  /** Up to three names of entities of `kinds` (lower-case) nearest to `name`. */
  suggest(name: string, kinds: readonly string[]): string[] {
    const key = answerKey(name, kinds);
    let answer = this.answers.get(key);
    if (!answer) {
      const asked = kinds.join(',');
      let candidates = this.names.get(asked);
      if (!candidates) this.names.set(asked, (candidates = new NameCandidates(kinds.flatMap((kind) => [...this.namesOf(kind)]))));
      answer = { name, kinds, near: nearestNames(name, candidates) };
      this.answers.set(key, answer);
    }
    return answer.near;
  }

  /** The broken refs of a change are checked: the names read for them are let go until the next. */
  settled(): void {
    this.names = new Map();
  }

  private forget(stale: (answer: { name: string; kinds: readonly string[]; near: string[] }) => boolean): string[] {
    const changed: string[] = [];
    for (const [key, answer] of this.answers) {
      if (!stale(answer)) continue;
      this.answers.delete(key);
      changed.push(answer.name.toLowerCase());
    }
    return changed;
  }
}

function answerKey(name: string, kinds: readonly string[]): string {
  return `${kinds.join(',')}\u0000${name}`;
}
