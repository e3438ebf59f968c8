import type { SearchDocument } from './searchDocument';

export type SearchFilterName = 'kind' | 'owner' | 'tag' | 'type' | 'system';

/** Lower-cased values per filter: values of one filter are alternatives, different filters must all hold. */
export type SearchFilters = Partial<Record<SearchFilterName, string[]>>;

export interface SearchQuery {
  /** The text left once filters are taken out, words joined by single spaces: what fuse.js matches. */
  terms: string;
  filters: SearchFilters;
}

const FILTER = /^(kind|owner|tag|type|system):(.*)$/i;

/**
 * Splits `kind:api owner:team-a payments` into filters and terms. A filter's values may be comma-separated
 * (`kind:api,component`); a prefix with no value yet (`kind:`, while typing) is ignored; other words with a
 * colon (`url:https://…`) are terms.
 */
export function parseSearchQuery(text: string): SearchQuery {
  const terms: string[] = [];
  const filters: SearchFilters = {};
  for (const word of text.split(/\s+/)) {
    const filter = FILTER.exec(word);
    if (!filter) {
      if (word) terms.push(word);
      continue;
    }
    const values = filter[2].toLowerCase().split(',').filter(Boolean);
    if (values.length) (filters[filter[1].toLowerCase() as SearchFilterName] ??= []).push(...values);
  }
  return { terms: terms.join(' '), filters };
}

export function hasFilters(filters: SearchFilters): boolean {
  return Object.keys(filters).length > 0;
}

/** What filters compare, lower-cased once per document rather than once per search. */
export interface FilterFacets {
  kind: string;
  type?: string;
  tags: string[];
  owner?: string;
  system?: string;
}

export function filterFacets(doc: SearchDocument): FilterFacets {
  // A document's own tags when they are lower-case already, as they mostly are: no second array per entity.
  const tags = doc.tags.some((tag) => tag !== tag.toLowerCase()) ? doc.tags.map((tag) => tag.toLowerCase()) : doc.tags;
  return { kind: lowerWord(doc.kind), type: doc.type && lowerWord(doc.type), tags, owner: doc.owner?.toLowerCase(), system: doc.system?.toLowerCase() };
}

/** Lower-cased kinds and types, shared: `Component` lower-cased anew for each of 100,000 entities was a string each. Bounded, as a kind or type can be anything. */
const lowerWords = new Map<string, string>();

function lowerWord(word: string): string {
  let lower = lowerWords.get(word);
  if (lower === undefined) {
    lower = word.toLowerCase();
    if (lowerWords.size < 1_000) lowerWords.set(word, lower);
  }
  return lower;
}

/**
 * Per filter, a test of one lower-cased facet value: values of a filter are alternatives. `owner:team-a` is an owner
 * of any kind named team-a in the default namespace (so `group:default/team-a`); `owner:user:jane` only the user.
 */
export function valueTests(filters: SearchFilters): Partial<Record<SearchFilterName, (value: string) => boolean>> {
  const oneOf = (values: string[] | undefined) => values && ((value: string) => values.includes(value));
  const refs = (values: string[] | undefined) => {
    const tests = values?.map(refTest);
    return tests && ((value: string) => tests.some((test) => test(value)));
  };
  return { kind: oneOf(filters.kind), type: oneOf(filters.type), tag: oneOf(filters.tag), owner: refs(filters.owner), system: refs(filters.system) };
}

/** A test of full, lower-case refs against what someone typed: `name`, `namespace/name` or `kind:namespace/name`. */
function refTest(typed: string): (ref: string) => boolean {
  const colon = typed.indexOf(':');
  const rest = typed.slice(colon + 1);
  const suffix = `:${rest.includes('/') ? rest : `default/${rest}`}`;
  const full = typed.slice(0, Math.max(colon, 0)) + suffix;
  return colon < 0 ? (ref) => ref.endsWith(suffix) : (ref) => ref === full;
}
