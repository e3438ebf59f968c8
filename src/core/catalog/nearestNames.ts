import { distance } from 'fastest-levenshtein';

/** Names to compare broken refs with, each once and lower-cased once: a first load compares hundreds of broken refs with thousands of names. */
export class NameCandidates {
  readonly names: readonly string[];
  readonly lowered: readonly string[];

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)];
    this.lowered = this.names.map((name) => name.toLowerCase());
  }
}

/** The candidates closest to `name` by edit distance, nearest first: the "did you mean" of a broken ref. */
export function nearestNames(name: string, candidates: NameCandidates, limit = 3): string[] {
  const wanted = name.toLowerCase();
  const budget = typoBudget(wanted);
  const scored: { candidate: string; distance: number }[] = [];
  const { names, lowered } = candidates;
  for (let i = 0; i < names.length; i++) {
    // Each character of a length difference is an edit: most names are ruled out before they are compared.
    if (Math.abs(lowered[i].length - wanted.length) > budget) continue;
    const apart = distance(wanted, lowered[i]);
    if (apart <= budget) scored.push({ candidate: names[i], distance: apart });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

/** Further than a third of the name's length is a different name, not a typo. */
function typoBudget(name: string): number {
  return Math.max(2, Math.ceil(name.length / 3));
}

/** Whether `candidate` is close enough to `name` to be suggested for it. */
export function isNearName(name: string, candidate: string): boolean {
  const wanted = name.toLowerCase();
  const near = candidate.toLowerCase();
  const budget = typoBudget(wanted);
  return Math.abs(near.length - wanted.length) <= budget && distance(wanted, near) <= budget;
}
