// What fuse.js ranks a keystroke's candidates from: its own index records, kept for the documents ranked lately, with
// the field values that cannot match the pattern left out, so that fuse.js scans only those that may.
import Fuse, { type FuseIndex } from 'fuse.js';
import type { SearchDocument } from './searchDocument';
import { SEARCH_FUSE_OPTIONS } from './searchFields';

/**
 * A value as fuse.js's index holds it (`v` the text, `n` its field norm, `i` its place in an array field), with its key's index and whether that key is an
 * array field, and the text lower-cased as fuse.js compares it, once a pattern is tested against it: `lower` is there from the start, as a property added
 * later costs the object a property array (40 bytes a value).
 */
interface Value {
  key: number;
  array: boolean;
  entry: { v: string; n: number; i?: number };
  lower: string | undefined;
}

/** A document's values in key order, an array field's items one by one: one list rather than one per key (some 100 bytes a key, 4,096 documents kept). */
type DocumentValues = Value[];

/** fuse.js ranks a pattern longer than this in chunks, any of which may match: such patterns are not filtered. */
const MAX_FILTERED_PATTERN = 32;
/** Documents ranked at the last keystrokes keep their values: consecutive keystrokes rank mostly the same ones. */
const KEPT_DOCUMENTS = 2_048;

export class RankedRecords {
  /** fuse.js's own indexer, so that norms and values are exactly what fuse.js would compute itself. */
  private readonly indexer = Fuse.createIndex(SEARCH_FUSE_OPTIONS.keys!, []);
  /** The index handed to fuse.js per keystroke: the indexer's keys, the candidates' records. */
  readonly index: FuseIndex<SearchDocument> = Fuse.parseIndex<SearchDocument>({ keys: this.indexer.keys, records: [] });
  private kept = new Map<SearchDocument, DocumentValues>();
  private previous = new Map<SearchDocument, DocumentValues>();
  private readonly filter = new CountFilter();

  /** Points the index at `docs`, each with only the values that may match `pattern` within fuse.js's threshold. */
  use(docs: readonly SearchDocument[], pattern: string): FuseIndex<SearchDocument> {
    const lower = pattern.toLowerCase();
    const filtering = lower.length <= MAX_FILTERED_PATTERN && this.filter.setPattern(lower, SEARCH_FUSE_OPTIONS.threshold!);
    const records = docs.map((doc, i) => {
      const $: Record<number, Value['entry'] | Value['entry'][]> = {};
      for (const value of this.valuesOf(doc)) {
        if (filtering && !this.filter.mayMatch((value.lower ??= value.entry.v.toLowerCase()))) continue;
        if (!value.array) $[value.key] = value.entry;
        else (($[value.key] ??= []) as Value['entry'][]).push(value.entry);
      }
      return { i, $ };
    });
    this.index.setSources(docs);
    this.index.setIndexRecords(records as FuseIndex<SearchDocument>['records']);
    return this.index;
  }

  private valuesOf(doc: SearchDocument): DocumentValues {
    let values = this.kept.get(doc) ?? this.previous.get(doc);
    if (!values) {
      const record = this.indexer.add(doc, 0)!;
      this.indexer.records.length = 0;
      values = [];
      for (const [key, value] of Object.entries(record.$ as Record<string, Value['entry'] | Value['entry'][]>)) {
        const array = Array.isArray(value);
        for (const entry of array ? value : [value]) values.push({ key: Number(key), array, entry, lower: undefined });
      }
    }
    // Two generations: what the last keystrokes ranked stays, the rest goes at once, without an LRU per lookup.
    if (!this.kept.has(doc)) {
      if (this.kept.size >= KEPT_DOCUMENTS) {
        this.previous = this.kept;
        this.kept = new Map();
      }
      this.kept.set(doc, values);
    }
    return values;
  }
}

/**
 * A test that a text cannot hold a match, cheaper than searching it. fuse.js accepts a match with e errors (insertions,
 * deletions, substitutions) of an m-character pattern only if e/m is within the threshold; such a match is a stretch
 * of at most m + e characters of the text holding at least m − e of the pattern's characters, in their counts. A text
 * in which no such stretch exists cannot match, and is left out; every other text is searched by fuse.js as before.
 */
class CountFilter {
  /** Per char code: how often it occurs in the pattern, and in the stretch of text being looked at. */
  private readonly needed = new Int32Array(65_536);
  private readonly seen = new Int32Array(65_536);
  private codes: number[] = [];
  private window = 0;
  private required = 0;

  /** False when no text can be ruled out (every match may be all errors). */
  setPattern(pattern: string, threshold: number): boolean {
    for (const code of this.codes) this.needed[code] = 0;
    this.codes = [];
    for (let at = 0; at < pattern.length; at++) {
      const code = pattern.charCodeAt(at);
      if (this.needed[code]++ === 0) this.codes.push(code);
    }
    // Rounded up, so that floating point never rules out a match fuse.js would accept.
    const errors = Math.min(pattern.length, Math.ceil(threshold * pattern.length));
    this.window = pattern.length + errors;
    this.required = pattern.length - errors;
    return this.required > 0;
  }

  mayMatch(text: string): boolean {
    const { needed, seen, window, required } = this;
    let found = 0;
    let possible = false;
    for (let at = 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (needed[code] > 0 && seen[code]++ < needed[code]) found++;
      if (at >= window) {
        const out = text.charCodeAt(at - window);
        if (needed[out] > 0 && --seen[out] < needed[out]) found--;
      }
      if (found >= required) {
        possible = true;
        break;
      }
    }
    for (const code of this.codes) seen[code] = 0;
    return possible;
  }
}
