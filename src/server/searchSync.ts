import type { Catalog } from '../core/catalog';
import type { EntityRecord } from '../core/catalogFile';
import { CatalogSearchIndex } from '../core/catalogSearch';
import { searchDocumentOf } from '../core/searchDocument';

/**
 * The search index, kept in step with the catalog one entity at a time: an update re-indexes only the
 * entities whose records changed (a re-read file yields new records; untouched files keep theirs).
 * Indexing waits until typing pauses or a search comes, so that it never delays diagnostics.
 */
export class SearchSync {
  private readonly index = new CatalogSearchIndex();
  private indexed = new Map<string, EntityRecord>();
  private stale: Catalog | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** Notes that the catalog changed; the index catches up shortly, or at the next search. */
  catalogChanged(catalog: Catalog): void {
    this.stale = catalog;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.current(), 250);
  }

  /** The index, up to date with the last catalog it was told about. */
  current(): CatalogSearchIndex {
    clearTimeout(this.timer);
    if (this.stale) this.update(this.stale);
    this.stale = undefined;
    return this.index;
  }

  private update(catalog: Catalog): void {
    const current = new Map<string, EntityRecord>();
    for (const record of catalog.entities()) if (catalog.entity(record.ref) === record) current.set(record.key, record);
    for (const [key, record] of current) {
      if (this.indexed.get(key) !== record) this.index.set(searchDocumentOf(record.entity));
    }
    for (const [key, record] of this.indexed) {
      if (!current.has(key)) this.index.remove(record.ref);
    }
    this.indexed = current;
  }
}
