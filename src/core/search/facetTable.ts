import { filterFacets, valueTests, type SearchFilters } from './searchQuery';
import type { SearchDocument } from './searchDocument';

type SingleFacet = 'kind' | 'type' | 'owner' | 'system';
const SINGLE: readonly SingleFacet[] = ['kind', 'type', 'owner', 'system'];
/** How many distinct lists of tag codes are kept for sharing. */
const SHARED_LISTS = 10_000;

/**
 * What filters compare, per document id, as codes into one table of the distinct lower-cased values: a filter is
 * tested once per distinct value (a few hundred owners) rather than once per entity, and a search then reads one
 * number per document. Testing every entity's facets took most of a filtered keystroke at 100,000 entities.
 */
export class FacetTable {
  private readonly values: string[] = [''];
  private readonly codes = new Map<string, number>([['', 0]]);
  /** Per facet, by document id: the code of its value, 0 for none; two bytes each while the values number 65,536 or fewer, as they mostly do. */
  private readonly single: Record<SingleFacet, Uint16Array | Uint32Array> = { kind: new Uint16Array(0), type: new Uint16Array(0), owner: new Uint16Array(0), system: new Uint16Array(0) };
  private readonly tags: (readonly number[] | undefined)[] = [];
  /** Lists of tag codes seen lately, by the codes joined, shared: most entities repeat a combination another has. Cleared when full. */
  private readonly tagLists = new Map<string, readonly number[]>();
  /** By document id: 1 for an id in use. */
  private present = new Uint8Array(0);
  /** What `passing` answers in. */
  private mask = new Uint8Array(0);

  set(id: number, doc: SearchDocument): void {
    if (id >= this.present.length) this.grow(id + 1);
    this.present[id] = 1;
    const facets = filterFacets(doc);
    for (const facet of SINGLE) {
      // Coded first: a new code may move the arrays to four bytes a code.
      const code = this.code(facets[facet]);
      this.single[facet][id] = code;
    }
    this.tags[id] = facets.tags.length ? this.tagList(facets.tags.map((tag) => this.code(tag))) : undefined;
  }

  clear(id: number): void {
    if (id >= this.present.length) return;
    this.present[id] = 0;
    for (const facet of SINGLE) this.single[facet][id] = 0;
    this.tags[id] = undefined;
  }

  /**
   * Which ids pass every filter: a mask by id (1 for each that passes) and how many do. The mask is the table's own, used
   * again by the next call: a filtered keystroke at 10,000 entities allocated some 700 KB in lists and masks of its own.
   */
  passing(filters: SearchFilters): { mask: Uint8Array; count: number } {
    const tests = valueTests(filters);
    const single: { ids: Uint16Array | Uint32Array; codes: Uint8Array }[] = [];
    for (const facet of SINGLE) {
      const codes = this.allowed(tests[facet]);
      if (codes) single.push({ ids: this.single[facet], codes });
    }
    const tagCodes = this.allowed(tests.tag);
    if (this.mask.length !== this.present.length) this.mask = new Uint8Array(this.present.length);
    const { mask, present, tags } = this;
    let count = 0;
    for (let id = 0; id < present.length; id++) {
      let passes = present[id] === 1;
      for (let i = 0; passes && i < single.length; i++) passes = single[i].codes[single[i].ids[id]] === 1;
      if (passes && tagCodes) passes = tags[id]?.some((code) => tagCodes[code] === 1) ?? false;
      mask[id] = passes ? 1 : 0;
      if (passes) count++;
    }
    return { mask, count };
  }

  /** Per value code, 1 when the value passes `test`; none without a test. */
  private allowed(test: ((value: string) => boolean) | undefined): Uint8Array | undefined {
    if (!test) return undefined;
    const codes = new Uint8Array(this.values.length);
    for (let code = 1; code < this.values.length; code++) codes[code] = test(this.values[code]) ? 1 : 0;
    return codes;
  }

  private code(value: string | undefined): number {
    if (!value) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.push(value) - 1;
      this.codes.set(value, code);
      if (code > 0xffff && this.single.kind instanceof Uint16Array) for (const facet of SINGLE) this.single[facet] = Uint32Array.from(this.single[facet]);
    }
    return code;
  }

  private tagList(codes: number[]): readonly number[] {
    const key = codes.join(',');
    const list = this.tagLists.get(key);
    if (list) return list;
    if (this.tagLists.size >= SHARED_LISTS) this.tagLists.clear();
    this.tagLists.set(key, codes);
    return codes;
  }

  /** Cuts the arrays by id, which grow by half, to the ids below `size`. */
  trim(size: number): void {
    if (this.present.length <= size) return;
    this.present = this.present.slice(0, size);
    for (const facet of SINGLE) this.single[facet] = this.single[facet].slice(0, size);
  }

  private grow(size: number): void {
    const length = Math.max(size, Math.ceil(this.present.length * 1.5));
    const present = new Uint8Array(length);
    present.set(this.present);
    this.present = present;
    for (const facet of SINGLE) {
      const grown = this.single[facet] instanceof Uint16Array ? new Uint16Array(length) : new Uint32Array(length);
      grown.set(this.single[facet]);
      this.single[facet] = grown;
    }
  }
}

/** The ids a mask by id marks, in order; `count`, how many it marks. */
export function maskedIds(mask: Uint8Array, count: number): number[] {
  const ids = new Array<number>(count);
  for (let id = 0, at = 0; at < count; id++) if (mask[id] === 1) ids[at++] = id;
  return ids;
}
