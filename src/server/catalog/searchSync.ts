import type { Catalog } from '../../core/catalog/catalog';
import type { EntityRecord } from '../../core/catalog/catalogFile';
import { CatalogSearchIndex, type SearchIndexSnapshot, type SearchResult } from '../../core/search/catalogSearch';
import { searchDocumentOf, type SearchDocument } from '../../core/search/searchDocument';
import { nextTurn, slicePause } from '../slices';

/**
 * How long after a load, and after the last search, the index gives back the room its lists grew into: copying them takes
 * a while (seconds at 100,000 entities), in slices that still cost a keystroke's answer a few milliseconds each.
 */
const SETTLE_AFTER_LOAD_MS = 2_000;
/** How long no search must have come before the ranking code is warmed up (see `warmUp`). */
const WARM_UP_QUIET_MS = 300;
/** Entities a first load has indexed before the warm-up runs while it goes on. */
const WARM_UP_WHILE_LOADING = 500;

/**
 * The search index, kept in step with the catalog one entity at a time: an update re-indexes only the
 * entities whose records changed (a re-read file yields new records; untouched files keep theirs).
 * Indexing waits until typing pauses or a search comes, so that it never delays diagnostics, and runs in
 * slices, so that hover and completion still answer while a large catalog is indexed.
 */
export class SearchSync {
  /** The index, each document with the record it was made from (its source). */
  private index = new CatalogSearchIndex();
  private stale: Catalog | undefined;
  /** The catalog last told about: another one is a load, indexed at once. */
  private told: Catalog | undefined;
  private timer: NodeJS.Timeout | undefined;
  private catchingUp: Promise<void> | undefined;
  /** A warm start's saved index, taken when the index is first needed; with the records it was saved for. */
  private saved: { load: () => CatalogSearchIndex | undefined; records: Map<string, EntityRecord> } | undefined;
  /** Entities a first load has read and not yet indexed, with the catalog they are read into. */
  private arrivals: { catalog: Catalog; records: readonly EntityRecord[]; cursor: number }[] = [];
  private settling: NodeJS.Timeout | undefined;
  /** The catalog last indexed, and where in its changes that left off. */
  private seen: { catalog: Catalog; cursor: number } | undefined;
  /** Whether the ranking code was warmed up (see `warmUp`). */
  private warmed = false;
  /** When the index was last asked for (a search, workspace symbols, an agent's tool), by `performance.now()`. */
  private askedAt = -Infinity;
  /** Requests waiting for the index to catch up. */
  private requestsWaiting = 0;
  /** Set when the index was rebuilt empty part way through a load: the arrivals indexed before are lost with the old one. */
  private rebuilt = false;

  /**
   * Notes that the catalog changed; the index catches up shortly, or at the next search. A new catalog (a load) is
   * indexed at once, in slices, so that the first search finds the index built rather than waits for it: then the
   * answer is true, and `ready()` tells when that is done.
   */
  catalogChanged(catalog: Catalog): boolean {
    const loaded = catalog !== this.told;
    this.stale = this.told = catalog;
    clearTimeout(this.timer);
    // A saved index waits until the tree has answered (or a search comes) before it is decoded.
    const now = loaded && !this.saved;
    this.timer = setTimeout(() => void this.caughtUp(), now ? 0 : 250);
    return now;
  }

  /**
   * Indexes entities while the first load goes on, as its files arrive: when it ends, the index has them and the first
   * search finds it built. A search meanwhile answers from what has arrived.
   */
  arrived(catalog: Catalog, records: readonly EntityRecord[]): void {
    this.arrivals.push({ catalog, records, cursor: catalog.changeCursor });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.caughtUp(), 0);
  }

  /**
   * Takes a saved index as the index of `catalog` as it is now, a warm start's. `load` decodes it (once: a warm start's
   * preview may have searched it already) when the index is first needed; an index that does not hold exactly the
   * documents of the catalog's entities that count is dropped then, and the index built as usual.
   */
  restore(load: () => CatalogSearchIndex | undefined, catalog: Catalog): void {
    if (this.index.size > 0) return;
    this.saved = { load, records: this.counting(catalog) };
  }

  private take(index: CatalogSearchIndex | undefined, records: Map<string, EntityRecord>): void {
    if (!index || index.damaged) return;
    for (const record of records.values()) if (!index.has(record.ref)) return;
    // Entities of a Backstage instance not loaded yet: they come back with its cache.
    const keys = new Set([...records.values()].map((record) => record.ref.toLowerCase()));
    index.removeMany(index.refs().filter((ref) => !keys.has(ref.toLowerCase())));
    this.index = index;
    // What changed since the restore is indexed by the update that follows, as any change is.
    for (const record of records.values()) index.attach(record.ref, record);
    // The documents a search has not decoded yet, in the background: a first filtered search reads them all, and a damaged
    // one is found (and the index built afresh) soon, not at a search.
    void index.decodeSaved(slicePause()).then(() => {
      if (index.damaged && index === this.index) void this.caughtUp();
    });
  }

  /** The index as plain data, once it is up to date and its saved documents decoded (one found damaged builds it afresh first). */
  async snapshot(): Promise<SearchIndexSnapshot> {
    for (;;) {
      await this.index.decodeSaved(slicePause());
      const index = await this.caughtUp();
      if (index.undecoded === 0) return index.snapshot();
    }
  }

  /** The index, once it is up to date with the last catalog it was told about: for a request that reads it. */
  async current(): Promise<CatalogSearchIndex> {
    this.askedAt = performance.now();
    return this.ready();
  }

  /** Resolves once the index is up to date with the last catalog it was told about; its catch-up goes first meanwhile. */
  async ready(): Promise<CatalogSearchIndex> {
    this.requestsWaiting++;
    try {
      return await this.caughtUp();
    } finally {
      this.requestsWaiting--;
    }
  }

  /** A search's results once the index is up to date; again from the index built afresh when a saved document was found damaged while ranking. */
  async search(query: string, limit: number): Promise<SearchResult[]> {
    const results = (await this.current()).search(query, limit);
    return this.index.damaged ? (await this.current()).search(query, limit) : results;
  }

  private async caughtUp(): Promise<CatalogSearchIndex> {
    clearTimeout(this.timer);
    this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = undefined));
    await this.catchingUp;
    return this.index;
  }

  /**
   * A pause for catching up: while a request waits for the index, it waits for nothing else, so the catch-up's slices go
   * before other background work (after a load, relations took every other turn: the first search waited twice as long).
   */
  private catchUpPause(keepPace = false): () => Promise<void> {
    return slicePause({ ahead: true, keepPace, first: () => this.requestsWaiting > 0 });
  }

  private async catchUp(): Promise<void> {
    if (this.saved) {
      const { load, records } = this.saved;
      this.saved = undefined;
      this.take(load(), records);
    }
    // A change that lands while a slice runs is picked up by the next round.
    let loading = false;
    let indexed = false;
    while (this.index.damaged || this.stale || this.arrivals.length > 0) {
      indexed = true;
      clearTimeout(this.settling);
      // A saved document that did not check out when first read (here too, while updating): the index is built afresh from
      // the catalog, and everyone waiting for this catch-up gets that one.
      if (this.index.damaged) {
        this.index = new CatalogSearchIndex();
        this.seen = undefined;
        this.rebuilt = true;
        this.stale = this.told;
        continue;
      }
      if (this.arrivals.length > 0) {
        loading = true;
        await this.indexArrivals(this.arrivals.splice(0));
        continue;
      }
      const catalog = this.stale!;
      this.stale = undefined;
      await this.update(catalog);
      loading = false;
    }
    // Not while a load still sends arrivals: trimming leaves every list full, and the next insert grows it again. Once the
    // load's own catalog is indexed (or a large change), the room its lists grew into is given back when searches pause.
    if (indexed && !loading) this.settleWhenQuiet();
    // Once there is something to search (a change before the load, an editor opened, may come first); while a first load
    // goes on too, as its files are parsed on the workers and this thread has room, once it has read enough to search like
    // the whole.
    if (indexed && !this.warmed && this.index.size >= (loading ? WARM_UP_WHILE_LOADING : 1)) {
      this.warmed = true;
      void this.warmUp(this.index);
    }
  }

  /**
   * Searches the index a few times as someone typing would, once, at the first load: V8 compiles the ranking code as it
   * runs it, and the first keystrokes of the first search otherwise paid for that (two to four times their usual time).
   * Only while nobody searches: someone typing warms the code as well, and should not wait behind one of these.
   */
  private async warmUp(index: CatalogSearchIndex): Promise<void> {
    await this.quietFor(WARM_UP_QUIET_MS);
    const started = performance.now();
    const refs = index.refs();
    const names = [0.2, 0.5, 0.8].map((at) => index.get(refs[Math.floor(at * refs.length)] ?? '')).filter((doc) => doc !== undefined);
    for (const doc of names) {
      // Unfiltered: a first filtered search on a warm start's index reads every document's facets.
      const typed = Array.from(doc.name.slice(0, 8), (_, i) => doc.name.slice(0, i + 1));
      for (const query of typed) {
        // Each on a turn of its own, after the requests waiting.
        await nextTurn();
        if (this.askedAt > started || this.index !== index) return;
        index.search(query, 50);
      }
    }
  }

  /** Settles the index (when many documents came) once nobody has asked for it for a while: someone typing a search right after a load answers first. */
  private settleWhenQuiet(delay = SETTLE_AFTER_LOAD_MS): void {
    this.settling = setTimeout(() => {
      const quietFor = performance.now() - this.askedAt;
      if (quietFor >= SETTLE_AFTER_LOAD_MS) void this.index.settle(this.quietPause());
      else this.settleWhenQuiet(SETTLE_AFTER_LOAD_MS - quietFor);
    }, delay).unref();
  }

  /** A slice pause that also waits while searches come: the settling goes on once typing stops. */
  private quietPause(): () => Promise<void> {
    const pause = slicePause();
    return async () => {
      await pause();
      await this.quietFor(SETTLE_AFTER_LOAD_MS);
    };
  }

  /** Resolves once no search has come for `ms`. */
  private async quietFor(ms: number): Promise<void> {
    for (let quiet = performance.now() - this.askedAt; quiet < ms; quiet = performance.now() - this.askedAt) {
      await new Promise((resolve) => setTimeout(resolve, ms - quiet).unref());
    }
  }

  /** Indexes arrived entities that count as things stand; the load's last catalog settles duplicates and order. */
  private async indexArrivals(arrivals: { catalog: Catalog; records: readonly EntityRecord[]; cursor: number }[]): Promise<void> {
    const pause = this.catchUpPause(true);
    for (const { catalog, records, cursor } of arrivals) {
      // An index holding only this catalog's arrivals has looked at every change up to their cursor: the load's last update
      // then looks at what changed since (the final link's), not at every entity. An index that held another catalog's
      // entities (another catalog updated in between, say the empty one shown while the first load reads) looks at them all
      // then, to drop those gone; so does one rebuilt empty part way (it lost the arrivals before).
      const onlyArrivals = this.seen === undefined ? this.index.size === 0 && !this.rebuilt : this.seen.catalog === catalog;
      for (const record of records) {
        if (catalog.entity(record.ref) !== record) continue;
        this.index.set(documentOf(record), record);
        await pause();
      }
      if (onlyArrivals) this.seen = { catalog, cursor };
    }
  }

  private async update(catalog: Catalog): Promise<void> {
    // An edit looks only at the refs whose definitions came or went since the last update; a new catalog at them all.
    const { keys, cursor } = catalog.changesSince(this.seen?.catalog === catalog ? this.seen.cursor : undefined);
    const current = keys ? new Map([...new Set(keys)].map((key) => [key, catalog.entity(key)])) : this.counting(catalog);
    const changed = [...current.values()].filter((record) => record && this.index.sourceOf(record.key) !== record) as EntityRecord[];
    const gone = keys ? [...current].filter(([key, record]) => !record && this.index.has(key)).map(([key]) => key) : [...this.index.keys()].filter((key) => !current.has(key));
    // Gone first, in one pass: the ids they free are reused by what comes.
    this.index.removeMany(gone);
    const pause = this.catchUpPause();
    for (const record of changed) {
      // A new record of the same entity (a re-read file, a reloaded Backstage page) often reads the same.
      const doc = documentOf(record);
      if (!sameDocument(this.index.get(doc.ref), doc)) this.index.set(doc, record);
      else this.index.attach(doc.ref, record);
      await pause();
    }
    // Only once all is indexed: an update that fails part way looks at the same changes again next time.
    this.seen = { catalog, cursor };
    this.rebuilt = false;
  }

  /** The catalog's entities that count, by key: what the index holds one document each of. */
  private counting(catalog: Catalog): Map<string, EntityRecord> {
    const current = new Map<string, EntityRecord>();
    for (const record of catalog.entities()) if (catalog.entity(record.ref) === record) current.set(record.key, record);
    return current;
  }
}

function documentOf(record: EntityRecord): SearchDocument {
  const doc = searchDocumentOf(record.entity);
  // The record's key is often the same text: one string kept instead of two.
  if (doc.ref === record.key) doc.ref = record.key;
  return doc;
}

function sameDocument(a: SearchDocument | undefined, b: SearchDocument): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
