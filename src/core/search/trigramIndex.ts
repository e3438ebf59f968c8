import { smallest } from './smallest';

/**
 * Character trigram postings over the field values ("items") of every document, and a cheap estimate of the
 * score fuse.js would give each one: enough to pick the few documents worth handing to fuse.js.
 *
 * The estimate follows fuse.js's formula: a document scores the product, over its matching items, of
 * `itemScore ^ (keyWeight × fieldNorm)`, where `itemScore` is `errors / queryLength + position / distance`
 * (at least 0.001), or `Number.EPSILON` when the whole value equals the query. Errors are estimated from the
 * trigrams an item shares with the query; an item that has them all is taken to contain the query where its
 * first trigram first occurs. Queries of one or two characters, which have no trigram, use postings of each
 * item's first one and two characters: with fuse.js's threshold they only match verbatim anyway, and a match
 * at the start of a value ranks best.
 *
 * A posting is one number: document id, item slot and the position of the trigram's first occurrence (capped
 * at 127, which only flatters a match deep in a long description). What the index keeps per item (its length and
 * weight, and a query's counts) lies packed, each document's items side by side from where its own start, rather
 * than in 32 slots per document: most documents have a dozen items or fewer.
 */

/** Items per document the postings tell apart; further items (a 33rd tag) go unindexed and rank through fuse.js only. */
const SLOT_BITS = 5;
const SLOTS = 1 << SLOT_BITS;
const POSITION_BITS = 7;
const MAX_POSITION = (1 << POSITION_BITS) - 1;
/** What fits in a 32-bit posting beside the slot and the position. */
export const MAX_DOCUMENTS = 2 ** (32 - SLOT_BITS - POSITION_BITS);
/** Posting lists cut to size between two calls of `trim`'s pause (the pause decides whether to yield). */
const TRIM_SLICE = 100;
/** Distinct trigrams a query may count (counters are bytes); fuse.js itself splits patterns longer than 32. */
const MAX_QUERY_TRIGRAMS = 255;
/** Trigram keys stay below 2^30; keys of an item's first two characters, and of its first one, lie above. */
const PREFIX_KEY = 1 << 30;
const ONE_CHAR_KEY = PREFIX_KEY | (1 << 20);

export interface ScoreOptions {
  threshold: number;
  distance: number;
}

/** The index as plain arrays: what a warm start reads back instead of filing every item again. */
export interface TrigramSnapshot {
  /** Per document id, 1 + how many items it has indexed (what its postings may name); 0 for an id not in use. */
  itemCounts: Uint8Array;
  lengths: Uint8Array;
  weights: Float32Array;
  /** Each posting list's key, its size, and all lists one after another. */
  keys: Uint32Array;
  sizes: Uint32Array;
  postings: Uint32Array;
}

/**
 * A list of postings, sorted: `length` of them from `start` in `ids`, with room there for `room`. Lists share buffers
 * (a buffer per list cost some 200 bytes, and most lists hold a posting or two): a new list takes a few places in a
 * common block, a trim packs every list side by side into one buffer, and a list that outgrows its room moves to a
 * buffer of its own.
 */
interface Postings {
  ids: Uint32Array;
  start: number;
  length: number;
  room: number;
}

/** Places a new list takes in the common block, and how many places a block has. */
const NEW_ROOM = 4;
const BLOCK = 1 << 16;
/** How much a full list grows by: by a quarter, as a list's spare room lasts until the next trim (doubling left 288 bytes an entity of it after a load of 100,000). */
const GROWTH = 1.25;

export class TrigramIndex {
  private readonly postings = new Map<number, Postings>();
  /** The block new lists take their places in, and how many it has given. */
  private block = new Uint32Array(0);
  private blockUsed = 0;
  /**
   * Per document id: 1 while it is indexed. Its items are not kept: whoever removes a document hands its texts again
   * (a copy of every item, lower-cased, cost some 190 bytes per entity).
   */
  private present = new Uint8Array(0);
  /** Per document id: where its items start in the per-item arrays, and how many it has indexed. */
  private firstItem = new Uint32Array(0);
  private itemCount = new Uint8Array(0);
  /** Ids below this have been used. */
  private documents = 0;
  /** Item places in use: a document added takes the next ones; those of a removed one are given back at the next `trim`. */
  private items = 0;
  /** Per item place: its length (at most 255), and its key weight × field norm as a code into `weightValues`. */
  private lengths = new Uint8Array(0);
  private weightCodes: Uint8Array | Uint16Array = new Uint8Array(0);
  /** The distinct weights (as 32-bit floats), a few dozen: a key's weight times a field norm of a few words. */
  private readonly weightValues: number[] = [];
  private readonly weightCode = new Map<number, number>();
  /** Per-query scratch space, kept between queries so that a keystroke allocates little. */
  private counts = new Uint8Array(0);
  private positions = new Uint8Array(0);
  private scores = new Float64Array(0);
  private touched: Uint32Array = new Uint32Array(1024);
  private readonly maxIndexed: number;

  constructor(private readonly options: ScoreOptions) {
    // Past threshold × distance a match's position alone costs more than the threshold allows.
    this.maxIndexed = Math.ceil(options.threshold * options.distance) + 32;
  }

  /** Indexes a document's items under an id not in use (see `remove`); `weights[i]` is item i's key weight × field norm. */
  add(id: number, texts: readonly string[], weights: readonly number[]): void {
    if (id >= MAX_DOCUMENTS) throw new RangeError(`The search index holds at most ${MAX_DOCUMENTS} entities.`);
    if (this.present.length <= id) this.grow(id + 1);
    const items = this.indexedItems(texts);
    if (this.lengths.length < this.items + items.length) this.growItems(this.items + items.length);
    this.present[id] = 1;
    this.documents = Math.max(this.documents, id + 1);
    const first = this.items;
    this.firstItem[id] = first;
    this.itemCount[id] = items.length;
    this.items += items.length;
    items.forEach((item, slot) => {
      this.lengths[first + slot] = Math.min(item.length, 255);
      this.weightCodes[first + slot] = this.codeOf(weights[slot]);
      forEachKey(item, (key, position) => this.insert(key, id * SLOTS + slot, position));
    });
  }

  /** Unfiles a document; `texts` are those it was added with. */
  remove(id: number, texts: readonly string[]): void {
    if (!this.present[id]) return;
    this.indexedItems(texts).forEach((item, slot) => forEachKey(item, (key) => this.delete(key, id * SLOTS + slot)));
    this.present[id] = 0;
    this.itemCount[id] = 0;
  }

  /** What `add` files of a document's texts: the first SLOTS, lower-cased, cut where fuse.js could no longer match. */
  private indexedItems(texts: readonly string[]): string[] {
    return texts.slice(0, SLOTS).map((text) => text.toLowerCase().slice(0, this.maxIndexed));
  }

  private codeOf(weight: number): number {
    const value = Math.fround(weight);
    let code = this.weightCode.get(value);
    if (code === undefined) {
      if (this.weightValues.length > 0xffff) throw new RangeError('The search index holds at most 65,536 distinct weights.');
      code = this.weightValues.push(value) - 1;
      this.weightCode.set(value, code);
      // A byte per item holds the first 256; past them (rarely: many fields of many lengths), two.
      if (code > 0xff && this.weightCodes instanceof Uint8Array) this.weightCodes = Uint16Array.from(this.weightCodes);
    }
    return code;
  }

  /** Removes many documents in one pass over the postings: removing them one by one shifts each list once per document. */
  removeMany(ids: readonly number[]): void {
    const gone = new Set(ids.filter((id) => this.present[id] === 1));
    if (gone.size === 0) return;
    for (const id of gone) this.present[id] = this.itemCount[id] = 0;
    for (const [key, list] of this.postings) {
      const { ids, start } = list;
      let kept = start;
      for (let i = start; i < start + list.length; i++) {
        const posting = ids[i];
        if (!gone.has(posting >>> (POSITION_BITS + SLOT_BITS))) ids[kept++] = posting;
      }
      list.length = kept - start;
      if (list.length === 0) this.postings.delete(key);
    }
  }

  /**
   * Cuts every array to what it holds, the lists packed side by side in one buffer: lists grow by a quarter and per-item
   * arrays by half, and leave room to grow; the items of removed documents are given back too. A later add grows them
   * again as before. `pause` runs between slices of the lists: at 100,000 entities copying them all at once held a search
   * for seconds.
   */
  async trim(pause?: () => Promise<void>): Promise<void> {
    // Counted in slices too: at 100,000 entities there are some 400,000 lists. A list that changes meanwhile is handled below.
    let total = 0;
    let seen = 0;
    for (const list of this.postings.values()) {
      total += list.length;
      if (pause && ++seen % TRIM_SLICE === 0) await pause();
    }
    const packed = new Uint32Array(total);
    let end = 0;
    let copied = 0;
    // New lists from here on take a block of their own: the lists in the old blocks all move.
    this.block = new Uint32Array(0);
    this.blockUsed = 0;
    for (const list of this.postings.values()) {
      const { ids, start, length } = list;
      // A list that grew during a pause may not fit in what is left: it gets a buffer of its own.
      const fits = end + length <= total;
      const to = fits ? packed : new Uint32Array(length);
      copyPostings(to, fits ? end : 0, ids, start, length);
      list.ids = to;
      list.start = fits ? end : 0;
      list.room = length;
      if (fits) end += length;
      if (pause && ++copied % TRIM_SLICE === 0) await pause();
    }
    // The per-item arrays are swapped at once, without a pause: an add meanwhile would file items in the old ones.
    const documents = this.documents;
    let items = 0;
    for (let id = 0; id < documents; id++) items += this.itemCount[id];
    // The items of the documents there, side by side in id order, in arrays of their size.
    const lengths = new Uint8Array(items);
    const weightCodes = this.weightCodes instanceof Uint8Array ? new Uint8Array(items) : new Uint16Array(items);
    const firstItem = new Uint32Array(documents);
    let at = 0;
    for (let id = 0; id < documents; id++) {
      const first = this.firstItem[id];
      const count = this.itemCount[id];
      firstItem[id] = at;
      lengths.set(this.lengths.subarray(first, first + count), at);
      weightCodes.set(this.weightCodes.subarray(first, first + count), at);
      at += count;
    }
    this.items = items;
    this.firstItem = firstItem;
    this.itemCount = this.itemCount.slice(0, documents);
    this.present = this.present.slice(0, documents);
    this.lengths = lengths;
    this.weightCodes = weightCodes;
    this.counts = new Uint8Array(items);
    this.positions = new Uint8Array(items);
    this.scores = new Float64Array(documents);
  }

  snapshot(): TrigramSnapshot {
    const keys = new Uint32Array(this.postings.size);
    const sizes = new Uint32Array(this.postings.size);
    let total = 0;
    for (const list of this.postings.values()) total += list.length;
    const postings = new Uint32Array(total);
    let at = 0;
    let index = 0;
    for (const [key, list] of this.postings) {
      keys[index] = key;
      sizes[index++] = list.length;
      postings.set(list.ids.subarray(list.start, list.start + list.length), at);
      at += list.length;
    }
    // Saved 32 slots a document, as the index once held them.
    const used = this.documents * SLOTS;
    const itemCounts = new Uint8Array(this.documents);
    const lengths = new Uint8Array(used);
    const weights = new Float32Array(used);
    for (let id = 0; id < this.documents; id++) {
      if (!this.present[id]) continue;
      itemCounts[id] = 1 + this.itemCount[id];
      for (let slot = 0, first = this.firstItem[id]; slot < this.itemCount[id]; slot++) {
        lengths[id * SLOTS + slot] = this.lengths[first + slot];
        weights[id * SLOTS + slot] = this.weightValues[this.weightCodes[first + slot]];
      }
    }
    return { itemCounts, lengths, weights, keys, sizes, postings };
  }

  /**
   * Takes back a snapshot; false, with the index left empty, when its arrays do not fit together. Every posting is
   * checked, in one pass over numbers only: a warm start's first search waits for this. The postings are taken as they
   * are, not copied (a warm start's lie in the buffer read for them): the snapshot is the index's from then on.
   */
  restore(saved: TrigramSnapshot): boolean {
    const documents = saved.itemCounts.length;
    const items = documents * SLOTS;
    if (documents > MAX_DOCUMENTS || saved.lengths.length !== items || saved.weights.length !== items || saved.keys.length !== saved.sizes.length) return false;
    // Each document's number of items; more than `add` keeps is refused.
    const counts = new Uint8Array(documents);
    for (let id = 0; id < documents; id++) {
      if (saved.itemCounts[id] > SLOTS + 1) return false;
      counts[id] = Math.max(0, saved.itemCounts[id] - 1);
    }
    // Weight codes, the distinct weights numbered as `codeOf` would; more than a code can tell apart (a damaged file) is
    // refused before anything is replaced. Most slots repeat the weight before them (an empty slot's 0).
    const values = [...this.weightValues];
    const codeByValue = new Map(this.weightCode);
    const codes = new Uint16Array(items);
    let filed = 0;
    let last = NaN;
    let lastCode = 0;
    for (let item = 0; item < items; item++) {
      const value = saved.weights[item];
      const isFiled = (item & (SLOTS - 1)) < counts[item >>> SLOT_BITS];
      // A filed item weighs something: at 0 (or NaN) it scores nothing and its document is picked twice.
      if (isFiled && !(value > 0 && value < Infinity)) return false;
      if (value !== last) {
        let code = codeByValue.get(value);
        if (code === undefined) {
          if (values.length > 0xffff) return false;
          code = values.push(value) - 1;
          codeByValue.set(value, code);
        }
        last = value;
        lastCode = code;
      }
      if (isFiled) codes[filed++] = lastCode;
    }
    // Each list a part of the postings: a list that grows moves to an array of its own.
    const postings = saved.postings;
    const lists = new Map<number, Postings>();
    let at = 0;
    for (let index = 0; index < saved.keys.length; index++) {
      const size = saved.sizes[index];
      if (size === 0 || at + size > postings.length || lists.has(saved.keys[index])) return false;
      // Sorted, each item once, and only items of documents that are there: what `insert` and `candidates` rely on.
      let previous = -1;
      for (let i = at; i < at + size; i++) {
        const item = postings[i] >>> POSITION_BITS;
        const id = item >>> SLOT_BITS;
        if (item <= previous || id >= documents || (item & (SLOTS - 1)) >= counts[id]) return false;
        previous = item;
      }
      lists.set(saved.keys[index], { ids: postings, start: at, length: size, room: size });
      at += size;
    }
    if (at !== postings.length) return false;
    this.postings.clear();
    for (const [key, list] of lists) this.postings.set(key, list);
    for (let code = this.weightValues.length; code < values.length; code++) {
      this.weightValues.push(values[code]);
      this.weightCode.set(values[code], code);
    }
    this.present = new Uint8Array(documents);
    this.firstItem = new Uint32Array(documents);
    this.itemCount = counts;
    this.lengths = new Uint8Array(filed);
    this.weightCodes = values.length > 0x100 ? codes.slice(0, filed) : Uint8Array.from(codes.subarray(0, filed));
    for (let id = 0, at = 0; id < documents; id++) {
      this.present[id] = saved.itemCounts[id] === 0 ? 0 : 1;
      this.firstItem[id] = at;
      this.lengths.set(saved.lengths.subarray(id * SLOTS, id * SLOTS + counts[id]), at);
      at += counts[id];
    }
    this.documents = documents;
    this.items = filed;
    this.counts = new Uint8Array(filed);
    this.positions = new Uint8Array(filed);
    this.scores = new Float64Array(documents);
    return true;
  }

  /**
   * Up to `limit` ids of the documents likeliest to rank best for `query` (lower-cased), best first; ties go to
   * the lower id, as fuse.js breaks ties by position in its list. Only ids with `allowed[id]` set, when given.
   */
  candidates(query: string, limit: number, allowed?: Uint8Array): number[] {
    const keys = queryKeys(query);
    const { counts, positions, lengths, weightCodes, weightValues, scores, firstItem } = this;
    if (keys.length === 1) return this.oneKeyCandidates(keys[0], query.length, limit, allowed);
    let touchedCount = 0;
    for (let k = 0; k < keys.length; k++) {
      const list = this.postings.get(keys[k]);
      if (!list) continue;
      const { ids, start, length } = list;
      if (touchedCount + length > this.touched.length) this.touched = growTo(this.touched, touchedCount + length);
      const touched = this.touched;
      for (let i = start, end = start + length; i < end; i++) {
        const item = ids[i] >>> POSITION_BITS;
        const at = firstItem[item >>> SLOT_BITS] + (item & (SLOTS - 1));
        if (counts[at]++ === 0) touched[touchedCount++] = item;
        // Where the query's first trigram first occurs: where the query would start.
        if (k === 0) positions[at] = ids[i] & MAX_POSITION;
      }
    }
    const m = query.length;
    const docs: number[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const item = this.touched[i];
      const id = item >>> SLOT_BITS;
      const at = firstItem[id] + (item & (SLOTS - 1));
      const shared = counts[at];
      counts[at] = 0;
      if (allowed && !allowed[id]) continue;
      const length = lengths[at];
      let score: number;
      if (m < 3) score = length === m ? Number.EPSILON : 0.001;
      else if (shared === keys.length) score = positions[at] === 0 && length === m ? Number.EPSILON : Math.max(0.001, positions[at] / this.options.distance);
      else {
        // One error breaks at most three trigrams, and every query character the item has no room for is an
        // error; but unrelated text shares a few trigrams by chance, so count half the share missing at least.
        const missing = keys.length - shared;
        score = Math.max(Math.ceil(missing / 3), m - length, (missing / keys.length) * m * 0.5) / m;
        if (score > this.options.threshold) continue;
      }
      if (scores[id] === 0) docs.push(id);
      scores[id] += weightValues[weightCodes[at]] * Math.log(score);
    }
    const best = smallest(docs, limit, (a, b) => scores[a] - scores[b] || a - b);
    for (const id of docs) scores[id] = 0;
    return best;
  }

  /**
   * `candidates` for a query of one key (one or two characters, or one distinct trigram): every item on its list has the whole
   * query, so each is scored as it is read, without counting shared keys first. These lists are the longest.
   */
  private oneKeyCandidates(key: number, m: number, limit: number, allowed: Uint8Array | undefined): number[] {
    const list = this.postings.get(key);
    if (!list) return [];
    const { lengths, weightCodes, weightValues, scores, firstItem } = this;
    const { ids, start, length } = list;
    const docs: number[] = [];
    for (let i = start, end = start + length; i < end; i++) {
      const posting = ids[i];
      const item = posting >>> POSITION_BITS;
      const id = item >>> SLOT_BITS;
      if (allowed && !allowed[id]) continue;
      const at = firstItem[id] + (item & (SLOTS - 1));
      const position = posting & MAX_POSITION;
      const exact = lengths[at] === m && (m < 3 || position === 0);
      const score = exact ? Number.EPSILON : m < 3 ? 0.001 : Math.max(0.001, position / this.options.distance);
      if (scores[id] === 0) docs.push(id);
      scores[id] += weightValues[weightCodes[at]] * Math.log(score);
    }
    const best = smallest(docs, limit, (a, b) => scores[a] - scores[b] || a - b);
    for (const id of docs) scores[id] = 0;
    return best;
  }

  private insert(key: number, item: number, position: number): void {
    let list = this.postings.get(key);
    if (!list) this.postings.set(key, (list = this.newList()));
    const { ids, start, length } = list;
    const end = start + length;
    // Documents added in a row append; a trigram that recurs in the item keeps its first position.
    const last = length === 0 ? -1 : ids[end - 1] >>> POSITION_BITS;
    if (last === item) return;
    const at = (last < item ? end : lowerBound(list, item)) - start;
    if (at < length && ids[start + at] >>> POSITION_BITS === item) return;
    if (length === list.room) {
      list.room = Math.max(length + 1, Math.ceil(length * GROWTH));
      list.ids = new Uint32Array(list.room);
      list.ids.set(ids.subarray(start, end));
      list.start = 0;
    }
    if (at < length) list.ids.copyWithin(list.start + at + 1, list.start + at, list.start + length);
    list.ids[list.start + at] = item * (MAX_POSITION + 1) + Math.min(position, MAX_POSITION);
    list.length++;
  }

  /** An empty list, with room in the common block. */
  private newList(): Postings {
    if (this.blockUsed + NEW_ROOM > this.block.length) {
      this.block = new Uint32Array(BLOCK);
      this.blockUsed = 0;
    }
    const list = { ids: this.block, start: this.blockUsed, length: 0, room: NEW_ROOM };
    this.blockUsed += NEW_ROOM;
    return list;
  }

  private delete(key: number, item: number): void {
    const list = this.postings.get(key);
    if (!list) return;
    const end = list.start + list.length;
    const at = lowerBound(list, item);
    if (at >= end || list.ids[at] >>> POSITION_BITS !== item) return;
    list.ids.copyWithin(at, at + 1, end);
    if (--list.length === 0) this.postings.delete(key);
  }

  /** Room for `documents` ids, and half as many again. */
  private grow(documents: number): void {
    const size = Math.max(documents, Math.ceil(this.present.length * 1.5));
    const present = new Uint8Array(size);
    const firstItem = new Uint32Array(size);
    const itemCount = new Uint8Array(size);
    present.set(this.present);
    firstItem.set(this.firstItem);
    itemCount.set(this.itemCount);
    this.present = present;
    this.firstItem = firstItem;
    this.itemCount = itemCount;
    this.scores = new Float64Array(size);
  }

  /** Room for `items` item places, and half as many again. */
  private growItems(items: number): void {
    const size = Math.max(items, Math.ceil(this.lengths.length * 1.5));
    const lengths = new Uint8Array(size);
    const weightCodes = this.weightCodes instanceof Uint8Array ? new Uint8Array(size) : new Uint16Array(size);
    lengths.set(this.lengths);
    weightCodes.set(this.weightCodes);
    this.lengths = lengths;
    this.weightCodes = weightCodes;
    this.counts = new Uint8Array(size);
    this.positions = new Uint8Array(size);
  }
}

/** The keys an item is filed under, with their positions: its first character, its first two, and every trigram. */
function forEachKey(item: string, emit: (key: number, position: number) => void): void {
  if (item.length >= 1) emit(ONE_CHAR_KEY | (item.charCodeAt(0) & 1023), 0);
  if (item.length >= 2) emit(PREFIX_KEY | bigram(item, 0), 0);
  for (let i = 0; i + 3 <= item.length; i++) emit(trigram(item, i), i);
}

/** The query's keys; for three characters or more, its distinct trigrams, the one at its start first. */
function queryKeys(query: string): number[] {
  if (query.length === 1) return [ONE_CHAR_KEY | (query.charCodeAt(0) & 1023)];
  if (query.length === 2) return [PREFIX_KEY | bigram(query, 0)];
  const keys = new Set<number>();
  for (let i = 0; i + 3 <= query.length && keys.size < MAX_QUERY_TRIGRAMS; i++) keys.add(trigram(query, i));
  return [...keys];
}

// Characters fold to 10 bits so that a key stays a small integer; a rare collision only adds a candidate.
function bigram(text: string, at: number): number {
  return ((text.charCodeAt(at) & 1023) << 10) | (text.charCodeAt(at + 1) & 1023);
}

function trigram(text: string, at: number): number {
  return (bigram(text, at) << 10) | (text.charCodeAt(at + 2) & 1023);
}

/** The first index in `ids` whose posting belongs to `item` or a later one. */
function lowerBound({ ids, start, length }: Postings, item: number): number {
  let low = start;
  let high = start + length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ids[mid] >>> POSITION_BITS < item) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Copies a list's postings; a short one (most are) by hand, as a view per list cost more than the copy. */
function copyPostings(to: Uint32Array, at: number, from: Uint32Array, start: number, length: number): void {
  if (length > 64) to.set(from.subarray(start, start + length), at);
  else for (let i = 0; i < length; i++) to[at + i] = from[start + i];
}

function growTo(array: Uint32Array, size: number): Uint32Array {
  const grown = new Uint32Array(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}
