import type { Catalog } from '../../core/catalog/catalog';
import type { EntityRecord } from '../../core/catalog/catalogFile';
import { CatalogSearchIndex, type SearchIndexSnapshot } from '../../core/search/catalogSearch';
import { searchDocumentOf, type SearchDocument } from '../../core/search/searchDocument';

/** Entities indexed between two turns of the event loop: a first index of 100,000 must not freeze the server. */
const SLICE = 2_000;

/**
 * The search index, kept in step with the catalog one entity at a time: an update re-indexes only the
 * entities whose records changed (a re-read file yields new records; untouched files keep theirs).
 * Indexing waits until typing pauses or a search comes, so that it never delays diagnostics, and runs in
 * slices, so that hover and completion still answer while a large catalog is indexed.
 */
export class SearchSync {
  private index = new CatalogSearchIndex();
  private indexed = new Map<string, EntityRecord>();
  private stale: Catalog | undefined;
  private timer: NodeJS.Timeout | undefined;
  private catchingUp: Promise<void> | undefined;

  /**
   * Notes that the catalog changed; the index catches up shortly, or at the next search. A first catalog is
   * indexed at once, in slices, so that the first search finds the index built rather than waits for it.
   */
  catalogChanged(catalog: Catalog): void {
    this.stale = catalog;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.current(), this.indexed.size === 0 ? 0 : 250);
  }

  /**
   * Takes a saved index as the index of `catalog`, a warm start's: false when it does not hold exactly the
   * documents of the catalog's entities that count (it is then built as usual).
   */
  restore(saved: SearchIndexSnapshot, catalog: Catalog): boolean {
    if (this.indexed.size > 0 || this.index.size > 0) return false;
    const current = this.counting(catalog);
    const index = new CatalogSearchIndex();
    if (!index.restore(saved)) return false;
    for (const record of current.values()) if (!index.get(record.ref)) return false;
    // Entities of a Backstage instance not loaded yet: they come back with its cache.
    const keys = new Set([...current.values()].map((record) => record.ref.toLowerCase()));
    index.removeMany(saved.documents.filter((doc) => doc !== null && !keys.has(doc.ref.toLowerCase())).map((doc) => doc!.ref));
    this.index = index;
    this.indexed = current;
    return true;
  }

  /** The index as plain data, once it is up to date. */
  async snapshot(): Promise<SearchIndexSnapshot> {
    return (await this.current()).snapshot();
  }

  /** The index, once it is up to date with the last catalog it was told about. */
  async current(): Promise<CatalogSearchIndex> {
    clearTimeout(this.timer);
    this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = undefined));
    await this.catchingUp;
    return this.index;
  }

  private async catchUp(): Promise<void> {
    // A change that lands while a slice runs is picked up by the next round.
    while (this.stale) {
      const catalog = this.stale;
      this.stale = undefined;
      await this.update(catalog);
    }
    this.index.settle();
  }

  private async update(catalog: Catalog): Promise<void> {
    const current = this.counting(catalog);
    const changed = [...current.values()].filter((record) => this.indexed.get(record.key) !== record);
    // Gone first, in one pass: the ids they free are reused by what comes.
    this.index.removeMany([...this.indexed].filter(([key]) => !current.has(key)).map(([, record]) => record.ref));
    for (let start = 0; start < changed.length; start += SLICE) {
      for (const record of changed.slice(start, start + SLICE)) {
        // A new record of the same entity (a re-read file, a reloaded Backstage page) often reads the same.
        const doc = searchDocumentOf(record.entity);
        // The record's key is the same text: one string kept instead of two.
        if (doc.ref === record.key) doc.ref = record.key;
        if (!sameDocument(this.index.get(doc.ref), doc)) this.index.set(doc);
      }
      if (start + SLICE < changed.length) await new Promise((resolve) => setImmediate(resolve));
    }
    this.indexed = current;
  }

  /** The catalog's entities that count, by key: what the index holds one document each of. */
  private counting(catalog: Catalog): Map<string, EntityRecord> {
    const current = new Map<string, EntityRecord>();
    for (const record of catalog.entities()) if (catalog.entity(record.ref) === record) current.set(record.key, record);
    return current;
  }
}

function sameDocument(a: SearchDocument | undefined, b: SearchDocument): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
