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

/**
 * The index for a warm start: each id's ref, its document when asked, the free ids, the trigram postings. A saved index's
 * documents are decoded one by one when a search first ranks them: decoding them all held up a warm start's first search.
 */
export interface SearchIndexSnapshot {
  /** Per id, its document's ref; null for an id not in use. */
  refs: (string | null)[];
  /** The document of an id in use as it was when the snapshot was taken; undefined when a saved one does not check out. */
  document: (id: number) => SearchDocument | undefined;
  freeIds: number[];
  trigrams: TrigramSnapshot;
}

/** A restored index's documents not yet decoded: their refs by id, and how to decode one. */
interface SavedDocuments {
  refs: (string | null)[];
  document: (id: number) => SearchDocument | undefined;
  /** Per id, 1 while its document is still to decode. */
  waiting: Uint8Array;
  left: number;
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
  /**
   * Documents by id (read through `doc`: a restored index decodes them when first asked). Ids are reused; fuse.js ranks
   * candidates listed by id, so ties rank by id as they would by list position in plain fuse.js.
   */
  private readonly entries: (SearchDocument | undefined)[] = [];
  private saved: SavedDocuments | undefined;
  private wasDamaged = false;
  /** By id, what the caller made each document from (see `sourceOf`): one slot an entity rather than a map of its own beside `byRef`. */
  private readonly sources: (object | undefined)[] = [];
  /** By id, the lower-cased name: the order of entities listed by filters alone (mostly the name itself, lower-case already); set with the document. */
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
    return [...this.byRef.values()].map((id) => this.refOf(id));
  }

  /** Whether a saved document did not check out when decoded: the index is not the one saved, and its owner builds it afresh. */
  get damaged(): boolean {
    return this.wasDamaged;
  }

  /** How many saved documents are still to decode. */
  get undecoded(): number {
    return this.saved?.left ?? 0;
  }

  private refOf(id: number): string {
    return this.entries[id]?.ref ?? this.saved!.refs[id]!;
  }

  /** The document of an id in use, decoded first if it is a saved one; undefined (the index then damaged) when that does not check out. */
  private doc(id: number): SearchDocument | undefined {
    if (!this.saved?.waiting[id]) return this.entries[id];
    const doc = this.savedDocument(id);
    if (doc) {
      this.entries[id] = doc;
      this.sortKeys[id] = doc.name.toLowerCase();
    } else this.wasDamaged = true;
    this.decoded(id);
    return doc;
  }

  /** A saved document decoded, if it checks out and is the one its ref names. */
  private savedDocument(id: number): SearchDocument | undefined {
    const doc = this.saved!.document(id);
    return doc && doc.ref === this.saved!.refs[id] ? doc : undefined;
  }

  /** Notes that a saved document needs no decoding any more; once none does, what they were decoded from goes (kept for the refs of a damaged index). */
  private decoded(id: number): void {
    const saved = this.saved;
    if (!saved?.waiting[id]) return;
    saved.waiting[id] = 0;
    if (--saved.left === 0 && !this.wasDamaged) this.saved = undefined;
  }

  /**
   * Decodes the saved documents not decoded yet, `pause` between them: after a warm start, so that a first filtered search
   * (which reads every document's facets) does not decode them all at once, and a damaged one is found soon.
   */
  async decodeSaved(pause: () => Promise<void>): Promise<void> {
    // Not past a damaged one: the index is then built afresh.
    for (let id = 0; this.saved && !this.wasDamaged && id < this.saved.waiting.length; id++) {
      if (!this.saved.waiting[id]) continue;
      this.doc(id);
      await pause();
    }
  }

  /** Adds a document, or replaces the one with the same ref (compared case-insensitively); `source`, what it was made from. */
  set(doc: SearchDocument, source?: object): void {
    const key = doc.ref.toLowerCase();
    const existing = this.byRef.get(key);
    const id = existing ?? this.freeIds.pop() ?? this.entries.length;
    if (existing !== undefined) this.unfile(id);
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

  /**
   * Takes a document out of the trigram index, by its texts, or in a pass over the postings when its saved form does not
   * check out (it is going: the index is not damaged by it).
   */
  private unfile(id: number): void {
    const doc = this.saved?.waiting[id] ? this.savedDocument(id) : this.entries[id];
    this.decoded(id);
    if (doc) this.trigrams.remove(id, this.itemsOf(doc).texts);
    else this.trigrams.removeMany([id]);
  }

  /** Once many documents came (a first load, a large refresh), gives back the room the trigram index grew into. */
  async settle(pause?: () => Promise<void>): Promise<void> {
    if (this.added < Math.max(1_000, this.size / 10)) return;
    this.added = 0;
    await this.trigrams.trim(pause);
    this.facets.trim(this.entries.length);
  }

  snapshot(): SearchIndexSnapshot {
    const documents = this.entries.slice();
    // Saved documents not decoded yet are decoded from their saved form, which does not change (and checked as when ranked).
    const saved = this.saved;
    const refs = Array.from(documents, (doc, id) => (saved?.waiting[id] ? saved.refs[id] : (doc?.ref ?? null)));
    return {
      refs,
      document: (id) => {
        const doc = documents[id] ?? saved?.document(id);
        return doc?.ref === refs[id] ? doc : undefined;
      },
      freeIds: [...this.freeIds],
      trigrams: this.trigrams.snapshot(),
    };
  }

  /**
   * Takes back a snapshot of an empty index; false, with the index left empty, when its parts do not fit together. Its
   * documents are decoded when first asked for (see `doc`).
   */
  restore(saved: SearchIndexSnapshot): boolean {
    const { refs } = saved;
    if (this.entries.length > 0 || refs.length !== saved.trigrams.itemCounts.length) return false;
    const free = new Set(saved.freeIds);
    const byRef = new Map<string, number>();
    for (let id = 0; id < refs.length; id++) {
      const ref = refs[id];
      // A free id holds no document, every other id one, each ref once.
      if ((ref === null) !== free.has(id) || (ref === null) !== (saved.trigrams.itemCounts[id] === 0)) return false;
      if (ref === null) continue;
      const key = ref.toLowerCase();
      if (byRef.has(key)) return false;
      byRef.set(key, id);
    }
    // Free ids only among the saved ones: a later document given one far past them grew the arrays to its size.
    if (free.size !== saved.freeIds.length || saved.freeIds.some((id) => !Number.isInteger(id) || id < 0 || id >= refs.length)) return false;
    if (!this.trigrams.restore(saved.trigrams)) return false;
    const waiting = new Uint8Array(refs.length);
    for (const [key, id] of byRef) {
      waiting[id] = 1;
      this.byRef.set(key, id);
    }
    if (byRef.size > 0) this.saved = { refs, document: saved.document, waiting, left: byRef.size };
    this.facetsPending = true;
    this.entries.length = refs.length;
    this.sortKeys.length = refs.length;
    this.freeIds.push(...saved.freeIds);
    return true;
  }

  remove(ref: string): boolean {
    return this.removeMany([ref]) === 1;
  }

  /** Removes documents by ref; many at once cost one pass over the index. Returns how many were there. */
  removeMany(refs: readonly string[]): number {
    const ids: number[] = [];
    for (const ref of refs) {
      const id = this.byRef.get(ref.toLowerCase());
      if (id === undefined) continue;
      ids.push(id);
      if (ids.length === 1) this.unfile(id);
      else this.decoded(id);
      this.entries[id] = undefined;
      this.sources[id] = undefined;
      this.sortKeys[id] = '';
      if (!this.facetsPending) this.facets.clear(id);
      this.byRef.delete(ref.toLowerCase());
    }
    // The first was unfiled on its own; more in one pass over the postings.
    if (ids.length === 1) this.freeIds.push(ids[0]);
    else if (ids.length > 1) {
      this.trigrams.removeMany(ids.slice(1));
      // After a bulk removal the lowest free ids are reused first: documents added in a row then append to the postings.
      this.freeIds.push(...ids);
      this.freeIds.sort((a, b) => b - a);
    }
    return ids.length;
  }

  /** The document indexed under `ref`, if any. */
  get(ref: string): SearchDocument | undefined {
    const id = this.byRef.get(ref.toLowerCase());
    return id === undefined ? undefined : this.doc(id);
  }

  /** Whether a document is indexed under `ref`, without decoding a saved one. */
  has(ref: string): boolean {
    return this.byRef.has(ref.toLowerCase());
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
      for (const id of this.byRef.values()) {
        const doc = this.doc(id);
        if (doc) this.facets.set(id, doc);
      }
    }
    const { mask, count } = this.facets.passing(filters);
    // Few enough to rank them all; otherwise the trigram index picks among them.
    if (!terms || count <= candidates) {
      const passing = maskedIds(mask, count);
      if (!terms) return smallest(passing, limit, this.byName).map((id) => ({ ref: this.refOf(id), document: this.doc(id)!, score: 0 }));
      return this.rank(terms, passing, limit);
    }
    return this.rank(terms, this.trigrams.candidates(terms.toLowerCase(), candidates, mask), limit);
  }

  private readonly byName = (a: number, b: number): number => {
    const [x, y] = [this.sortKeys[a], this.sortKeys[b]];
    return x < y ? -1 : x > y ? 1 : this.refOf(a) < this.refOf(b) ? -1 : 1;
  };

  /** fuse.js over the given documents only, listed in id order so that its ties fall as over the whole catalog. */
  private rank(terms: string, ids: number[], limit: number): SearchResult[] {
    // A saved document that does not check out is left out (and the index marked damaged).
    const docs = ids.sort((a, b) => a - b).flatMap((id) => this.doc(id) ?? []);
    this.fuse.setCollection(docs, this.ranked.use(docs, terms));
    return this.fuse.search(terms, { limit }).map(toResult);
  }
}

function toResult({ item, score }: FuseResult<SearchDocument>): SearchResult {
  return { ref: item.ref, document: item, score: score ?? 0 };
}
