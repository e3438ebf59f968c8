// What fuse.js ranks a keystroke's candidates from: its own index records, kept for the documents ranked lately, with
// the field values that cannot match the pattern left out, so that fuse.js scans only those that may.
import Fuse, { type FuseIndex } from 'fuse.js';
import type { SearchDocument } from './searchDocument';
import { SEARCH_FUSE_OPTIONS } from './searchFields';

/** A value as fuse.js's index holds it: `v` the text, `n` its field norm, `i` its place in an array field. */
type Entry = { v: string; n: number; i?: number };

/**
 * A document's values in key order, an array field's items one by one, three places each: its key's index times two, plus
 * one for an array field; the value as fuse.js's index holds it; and its text lower-cased as fuse.js compares it, once a
 * pattern is tested against it. One list a document: an object a value and a list a key cost some 1.5 KB a document.
 */
type DocumentValues = (number | Entry | string | undefined)[];

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
      const $: Record<number, Entry | Entry[]> = {};
      const values = this.valuesOf(doc);
      for (let at = 0; at < values.length; at += 3) {
        const entry = values[at + 1] as Entry;
        if (filtering && !this.filter.mayMatch((values[at + 2] ??= entry.v.toLowerCase()) as string)) continue;
        const code = values[at] as number;
        if ((code & 1) === 0) $[code >> 1] = entry;
        else (($[code >> 1] ??= []) as Entry[]).push(entry);
      }
      return { i, $ };
    });
    this.index.setSources(docs);
    this.index.setIndexRecords(records);
    return this.index;
  }

  private valuesOf(doc: SearchDocument): DocumentValues {
    let values = this.kept.get(doc) ?? this.previous.get(doc);
    if (!values) {
      const record = this.indexer.add(doc, 0)!;
      this.indexer.records.length = 0;
      values = [];
      for (const [key, value] of Object.entries(record.$ as Record<string, Entry | Entry[]>)) {
        if (Array.isArray(value)) for (const entry of value) values.push(Number(key) * 2 + 1, entry, undefined);
        else values.push(Number(key) * 2, value, undefined);
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
