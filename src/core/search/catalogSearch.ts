// Search: a trigram index picks candidates, fuse.js ranks them, filters narrow them.
import Fuse, { type FuseResult } from 'fuse.js';
import type { SearchDocument } from './searchDocument';
import { SEARCH_FIELDS, SEARCH_FUSE_OPTIONS } from './searchFields';
import { FacetTable, maskedIds } from './facetTable';
import { hasFilters, parseSearchQuery } from './searchQuery';
import { RankedRecords } from './rankedRecords';
import { smallest } from './smallest';
import { TrigramIndex, type TrigramSnapshot } from './trigramIndex';

export interface SearchResult {
  ref: string;
  document: SearchDocument;
  /** fuse.js's score: 0 is a perfect match, 1 none; 0 for every entity listed by filters alone. */
  score: number;
}

/** The index as plain data, for a warm start: documents by id, the free ids, the trigram postings. */
export interface SearchIndexSnapshot {
  documents: (SearchDocument | null)[];
  freeIds: number[];
  trigrams: TrigramSnapshot;
}

/**
 * The search behind the command-palette search of the catalog, kept up to date one entity at a time.
 *
 * `search` ranks with fuse.js (see SEARCH_FUSE_OPTIONS), but never over the whole catalog: a trigram index
 * first picks the `candidates` documents that fuse.js is likeliest to rank best, and fuse.js ranks only those.
 * fuse.js scores each document on its own, so ranking a subset keeps its order; what can differ from plain
 * fuse.js is only which documents make the cut (see bench/searchBench.ts, which measures agreement).
 * It holds up to 1,048,576 entities (MAX_DOCUMENTS in trigramIndex.ts).
 */
export class CatalogSearchIndex {
  /** Ids by lower-cased ref; a number rather than an object per entity. */
  private readonly byRef = new Map<string, number>();
  /** Documents by id. Ids are reused; fuse.js ranks candidates listed by id, so ties rank by id as they would by list position in plain fuse.js. */
  private readonly entries: (SearchDocument | undefined)[] = [];
  /** By id, what the caller made each document from (see `sourceOf`): one slot an entity rather than a map of its own beside `byRef`. */
  private readonly sources: (object | undefined)[] = [];
  /** By id, the lower-cased name: the order of entities listed by filters alone (mostly the name itself, lower-case already). */
  private readonly sortKeys: string[] = [];
  private readonly freeIds: number[] = [];
  /** Each document's kind, type, tags, owner and system, for filters. */
  private readonly facets = new FacetTable();
  /** After a restore the facet table is filled at the first filtered search: a start that never filters skips it. */
  private facetsPending = false;
  private readonly trigrams = new TrigramIndex({ threshold: SEARCH_FUSE_OPTIONS.threshold!, distance: SEARCH_FUSE_OPTIONS.distance! });
  /** fuse.js's own indexer: it reads each field value of a document with its field norm, as fuse.js will score it. */
  private readonly fieldValues = Fuse.createIndex(SEARCH_FUSE_OPTIONS.keys!, []);
  private readonly fuse = new Fuse<SearchDocument>([], SEARCH_FUSE_OPTIONS);
  private readonly ranked = new RankedRecords();
  /** Each key's weight as fuse.js uses it: divided by the sum of all. */
  private readonly keyWeights: number[];
  /** Documents added since the trigram index was last trimmed. */
  private added = 0;

  /**
   * `candidates`: how many documents fuse.js ranks per search (at least `limit`). More finds more of plain
   * fuse.js's top results, slower. By default 100, and √size past 10,000 entities, as near-ties multiply.
   */
  constructor(private readonly candidates?: number) {
    const total = SEARCH_FIELDS.reduce((sum, field) => sum + field.weight, 0);
    this.keyWeights = SEARCH_FIELDS.map((field) => field.weight / total);
  }

  get size(): number {
    return this.byRef.size;
  }

  /** The refs of the documents held. */
  refs(): string[] {
    return [...this.byRef.values()].map((id) => this.entries[id]!.ref);
  }

  /** Adds a document, or replaces the one with the same ref (compared case-insensitively); `source`, what it was made from. */
  set(doc: SearchDocument, source?: object): void {
    const key = doc.ref.toLowerCase();
    const existing = this.byRef.get(key);
    const id = existing ?? this.freeIds.pop() ?? this.entries.length;
    if (existing !== undefined) this.trigrams.remove(id, this.itemsOf(this.entries[id]!).texts);
    this.entries[id] = doc;
    this.sources[id] = source;
    this.sortKeys[id] = doc.name.toLowerCase();
    this.byRef.set(key, id);
    if (!this.facetsPending) this.facets.set(id, doc);
    const { texts, weights } = this.itemsOf(doc);
    this.trigrams.add(id, texts, weights);
    this.added++;
  }

  /** A document's field values as fuse.js reads them, with each one's key weight × field norm: what the trigram index files. */
  private itemsOf(doc: SearchDocument): { texts: string[]; weights: number[] } {
    const record = this.fieldValues.add(doc, 0)!;
    this.fieldValues.records.length = 0;
    const texts: string[] = [];
    const weights: number[] = [];
    this.keyWeights.forEach((weight, keyIndex) => {
      const value = record.$?.[keyIndex];
      for (const item of value === undefined ? [] : Array.isArray(value) ? value : [value]) {
        texts.push(item.v);
        weights.push(weight * item.n);
      }
    });
    return { texts, weights };
  }

  /** Once many documents came (a first load, a large refresh), gives back the room the trigram index grew into. */
  async settle(pause?: () => Promise<void>): Promise<void> {
    if (this.added < Math.max(1_000, this.size / 10)) return;
    this.added = 0;
    await this.trigrams.trim(pause);
    this.facets.trim(this.entries.length);
  }

  snapshot(): SearchIndexSnapshot {
    return { documents: Array.from(this.entries, (doc) => doc ?? null), freeIds: [...this.freeIds], trigrams: this.trigrams.snapshot() };
  }

  /** Takes back a snapshot of an empty index; false, with the index left empty, when its parts do not fit together. */
  restore(saved: SearchIndexSnapshot): boolean {
    if (this.entries.length > 0 || saved.documents.length !== saved.trigrams.itemCounts.length) return false;
    const free = new Set(saved.freeIds);
    const byRef = new Map<string, number>();
    for (let id = 0; id < saved.documents.length; id++) {
      const doc = saved.documents[id];
      // A free id holds no document, every other id one, each ref once.
      if ((doc === null) !== free.has(id) || (doc === null) !== (saved.trigrams.itemCounts[id] === 0)) return false;
      if (!doc) continue;
      const key = doc.ref.toLowerCase();
      if (byRef.has(key)) return false;
      byRef.set(key, id);
    }
    // Free ids only among the saved ones: a later document given one far past them grew the arrays to its size.
    if (free.size !== saved.freeIds.length || saved.freeIds.some((id) => !Number.isInteger(id) || id < 0 || id >= saved.documents.length)) return false;
    if (!this.trigrams.restore(saved.trigrams)) return false;
    for (const [key, id] of byRef) {
      const doc = saved.documents[id]!;
      this.entries[id] = doc;
      this.sortKeys[id] = doc.name.toLowerCase();
      this.byRef.set(key, id);
    }
    this.facetsPending = true;
    this.entries.length = saved.documents.length;
    this.sortKeys.length = saved.documents.length;
    this.freeIds.push(...saved.freeIds);
    return true;
  }

  remove(ref: string): boolean {
    return this.removeMany([ref]) === 1;
  }

  /** Removes documents by ref; many at once cost one pass over the index. Returns how many were there. */
  removeMany(refs: readonly string[]): number {
    const ids: number[] = [];
    let last: SearchDocument | undefined;
    for (const ref of refs) {
      const id = this.byRef.get(ref.toLowerCase());
      if (id === undefined) continue;
      ids.push(id);
      last = this.entries[id];
      this.entries[id] = undefined;
      this.sources[id] = undefined;
      this.sortKeys[id] = '';
      if (!this.facetsPending) this.facets.clear(id);
      this.byRef.delete(ref.toLowerCase());
    }
    if (ids.length === 1) {
      this.trigrams.remove(ids[0], this.itemsOf(last!).texts);
      this.freeIds.push(ids[0]);
    } else if (ids.length > 1) {
      this.trigrams.removeMany(ids);
      // After a bulk removal the lowest free ids are reused first: documents added in a row then append to the postings.
      this.freeIds.push(...ids);
      this.freeIds.sort((a, b) => b - a);
    }
    return ids.length;
  }

  /** The document indexed under `ref`, if any. */
  get(ref: string): SearchDocument | undefined {
    const id = this.byRef.get(ref.toLowerCase());
    return id === undefined ? undefined : this.entries[id];
  }

  /** What the document under `ref` was made from, as `set` or `attach` was told. */
  sourceOf(ref: string): object | undefined {
    const id = this.byRef.get(ref.toLowerCase());
    return id === undefined ? undefined : this.sources[id];
  }

  /** Tells what the document under `ref` was made from: a new source that reads the same (a re-read file's entity). */
  attach(ref: string, source: object): void {
    const id = this.byRef.get(ref.toLowerCase());
    if (id !== undefined) this.sources[id] = source;
  }

  /** The lower-cased refs of the documents held. */
  keys(): IterableIterator<string> {
    return this.byRef.keys();
  }

  /**
   * Best matches first. Filters (`kind:api owner:team-a tag:java type:service system:x`, see parseSearchQuery)
   * narrow the results; filters without words list every entity that passes, by name; an empty query finds nothing.
   */
  search(query: string, limit = 50): SearchResult[] {
    const { terms, filters } = parseSearchQuery(query);
    const candidates = Math.max(this.candidates ?? Math.max(100, Math.ceil(Math.sqrt(this.size))), limit);
    if (!hasFilters(filters)) return terms ? this.rank(terms, this.trigrams.candidates(terms.toLowerCase(), candidates), limit) : [];
    if (this.facetsPending) {
      this.facetsPending = false;
      this.entries.forEach((doc, id) => doc && this.facets.set(id, doc));
    }
    const { mask, count } = this.facets.passing(filters);
    // Few enough to rank them all; otherwise the trigram index picks among them.
    if (!terms || count <= candidates) {
      const passing = maskedIds(mask, count);
      if (!terms) return smallest(passing, limit, this.byName).map((id) => ({ ref: this.entries[id]!.ref, document: this.entries[id]!, score: 0 }));
      return this.rank(terms, passing, limit);
    }
    return this.rank(terms, this.trigrams.candidates(terms.toLowerCase(), candidates, mask), limit);
  }

  private readonly byName = (a: number, b: number): number => {
    const [x, y] = [this.sortKeys[a], this.sortKeys[b]];
    return x < y ? -1 : x > y ? 1 : this.entries[a]!.ref < this.entries[b]!.ref ? -1 : 1;
  };

  /** fuse.js over the given documents only, listed in id order so that its ties fall as over the whole catalog. */
  private rank(terms: string, ids: number[], limit: number): SearchResult[] {
    const docs = ids.sort((a, b) => a - b).map((id) => this.entries[id]!);
    this.fuse.setCollection(docs, this.ranked.use(docs, terms));
    return this.fuse.search(terms, { limit }).map(toResult);
  }
}

function toResult({ item, score }: FuseResult<SearchDocument>): SearchResult {
  return { ref: item.ref, document: item, score: score ?? 0 };
}
