/** The candidates closest to `name` by edit distance, nearest first: the "did you mean" of a broken ref. */
export function nearestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const wanted = name.toLowerCase();
  const budget = typoBudget(wanted);
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase(), budget);
    if (distance <= budget) scored.push({ candidate, distance });
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
  const budget = typoBudget(wanted);
  return editDistance(wanted, candidate.toLowerCase(), budget) <= budget;
}

/** Rows of the distance table, reused: a first load compares thousands of broken refs with thousands of names. */
let previous = new Int32Array(64);
let current = new Int32Array(64);

/** Levenshtein distance, giving up (returning budget + 1) once it must exceed `budget`. */
function editDistance(a: string, b: string, budget = Infinity): number {
  if (Math.abs(a.length - b.length) > budget) return budget + 1;
  if (previous.length <= b.length) {
    previous = new Int32Array(b.length * 2 + 1);
    current = new Int32Array(b.length * 2 + 1);
  }
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = previous[j - 1] + (code === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, cost);
      current[j] = value;
      if (value < best) best = value;
    }
    if (best > budget) return budget + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}
