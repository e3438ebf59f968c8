import { isNearName, nearestNames } from './nearestNames';

/**
 * The "did you mean" names for refs to nothing, remembered from one link of the catalog to the next.
 * Comparing every broken ref with every name costs hundreds of milliseconds on a large catalog, and
 * an edit rarely changes the answer: a remembered answer is dropped only when a name appears that is
 * near enough to join it, or a name it holds disappears.
 */
export class RefSuggestions {
  private names = new Map<string, Set<string>>();
  private readonly answers = new Map<string, { name: string; kinds: string[]; near: string[] }>();

  /** Takes the catalog's current names per (lower-case) kind, and forgets the answers they change. */
  update(namesByKind: Map<string, Set<string>>): void {
    const added: [string, string][] = [];
    const removed = new Set<string>();
    for (const [kind, names] of namesByKind) {
      const before = this.names.get(kind);
      for (const name of names) if (!before?.has(name)) added.push([kind, name]);
    }
    for (const [kind, names] of this.names) {
      const after = namesByKind.get(kind);
      for (const name of names) if (!after?.has(name)) removed.add(`${kind}\u0000${name}`);
    }
    this.names = namesByKind;
    if (added.length === 0 && removed.size === 0) return;
    for (const [key, answer] of this.answers) {
      const stale =
        answer.kinds.some((kind) => answer.near.some((name) => removed.has(`${kind}\u0000${name}`))) ||
        added.some(([kind, name]) => answer.kinds.includes(kind) && isNearName(answer.name, name));
      if (stale) this.answers.delete(key);
    }
  }

  /** Up to three names of entities of `kinds` (lower-case) nearest to `name`. */
  suggest(name: string, kinds: readonly string[]): string[] {
    const key = `${kinds.join(',')}\u0000${name}`;
    let answer = this.answers.get(key);
    if (!answer) {
      const candidates = new Set(kinds.flatMap((kind) => [...(this.names.get(kind) ?? [])]));
      answer = { name, kinds: [...kinds], near: nearestNames(name, candidates) };
      this.answers.set(key, answer);
    }
    return answer.near;
  }
}
