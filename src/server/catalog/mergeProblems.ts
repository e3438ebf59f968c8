import type { Catalog } from '../../core/catalog/catalog';
import type { CatalogProblem } from '../../core/catalog/catalogProblem';

type ProblemMap = ReadonlyMap<string, readonly CatalogProblem[]>;

/** Merged lists, by the pair of lists merged: a file neither side touched keeps its list object, which the publisher skips. */
const merged = new WeakMap<readonly CatalogProblem[], WeakMap<readonly CatalogProblem[], CatalogProblem[]>>();

/**
 * The catalog's problems and another source's (the docs sites'), merged by file and kept file by file: an update looks
 * only at the files the catalog says changed since the last one, and at every file only when the other source changed
 * or the catalog is a new one.
 */
export class MergedProblems {
  private readonly all = new Map<string, readonly CatalogProblem[]>();
  private catalog: Catalog | undefined;
  private cursor: number | undefined;
  private extra: ProblemMap = new Map();

  /** Brings the merge up to date; `changed` lists the files whose lists may differ, undefined when any may. */
  update(catalog: Catalog, extra: ProblemMap): { problems: ProblemMap; changed: readonly string[] | undefined } {
    const changes = catalog.changesSince(catalog === this.catalog ? this.cursor : undefined);
    const problems = catalog.problems();
    this.catalog = catalog;
    this.cursor = changes.cursor;
    let changed = changes.files;
    if (changed && extra !== this.extra) changed = [...new Set([...changed, ...this.extra.keys(), ...extra.keys()])];
    this.extra = extra;
    if (!changed) {
      this.all.clear();
      for (const file of new Set([...problems.keys(), ...extra.keys()])) this.merge(file, problems);
    } else for (const file of changed) this.merge(file, problems);
    return { problems: this.all, changed };
  }

  private merge(file: string, problems: ProblemMap): void {
    const base = problems.get(file);
    const list = this.extra.get(file);
    if (!base || !list) {
      const one = base ?? list;
      if (one) this.all.set(file, one);
      else this.all.delete(file);
      return;
    }
    let byExtra = merged.get(base);
    if (!byExtra) merged.set(base, (byExtra = new WeakMap()));
    let both = byExtra.get(list);
    if (!both) byExtra.set(list, (both = [...base, ...list]));
    this.all.set(file, both);
  }
}
