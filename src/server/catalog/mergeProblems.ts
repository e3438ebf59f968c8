import type { CatalogProblem } from '../../core/catalog/catalogProblem';

type ProblemMap = ReadonlyMap<string, readonly CatalogProblem[]>;

/** Merged lists, by the pair of lists merged: a file neither side touched keeps its list object, which the publisher skips. */
const merged = new WeakMap<readonly CatalogProblem[], WeakMap<readonly CatalogProblem[], CatalogProblem[]>>();

/** The problems of `extra` added to the catalog's, by file. */
export function mergeProblems(catalog: ProblemMap, extra: ProblemMap): ProblemMap {
  if (extra.size === 0) return catalog;
  const all = new Map(catalog);
  for (const [file, list] of extra) {
    const base = catalog.get(file);
    if (!base) {
      all.set(file, list);
      continue;
    }
    let byExtra = merged.get(base);
    if (!byExtra) merged.set(base, (byExtra = new WeakMap()));
    let both = byExtra.get(list);
    if (!both) byExtra.set(list, (both = [...base, ...list]));
    all.set(file, both);
  }
  return all;
}
