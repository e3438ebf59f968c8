import type { IFuseOptions } from 'fuse.js';
import { refText, type SearchDocument } from './searchDocument';

/** A field a search matches in; array fields (tags, annotation values…) match item by item. */
export type SearchField = 'name' | 'title' | 'email' | 'tags' | 'kind' | 'type' | 'owner' | 'system' | 'memberOf' | 'description' | 'annotationValues' | 'linkTitles';

interface FieldSpec {
  name: SearchField;
  /** Relative weight: fuse.js divides each by their sum. */
  weight: number;
  getFn: (doc: SearchDocument) => string | string[] | undefined;
}

/** What people type to find an entity: its names first, then what it is and who owns it, then prose and links. */
export const SEARCH_FIELDS: readonly FieldSpec[] = [
  { name: 'name', weight: 3, getFn: (doc) => doc.name },
  { name: 'title', weight: 3, getFn: (doc) => doc.title },
  { name: 'email', weight: 2, getFn: (doc) => doc.email },
  { name: 'tags', weight: 1.5, getFn: (doc) => doc.tags },
  { name: 'kind', weight: 1, getFn: (doc) => doc.kind },
  { name: 'type', weight: 1, getFn: (doc) => doc.type },
  // Refs are searched as people write them (`team-a`), not as `group:default/team-a`, whose prefix would cost every match its position.
  { name: 'owner', weight: 1, getFn: (doc) => doc.owner && refText(doc.owner) },
  { name: 'system', weight: 1, getFn: (doc) => doc.system && refText(doc.system) },
  { name: 'memberOf', weight: 1, getFn: (doc) => doc.memberOf.map(refText) },
  { name: 'description', weight: 1, getFn: (doc) => doc.description },
  { name: 'annotationValues', weight: 0.5, getFn: (doc) => doc.annotationValues },
  { name: 'linkTitles', weight: 0.5, getFn: (doc) => doc.linkTitles },
];

/**
 * The one fuse.js configuration: the index ranks with it, and the benchmark's plain-fuse baseline uses it too.
 * A threshold of 0.4 keeps typos (two in a ten-letter word) and drops noise; location 0 with a long distance
 * prefers matches early in a field while still finding a word deep in a description.
 */
export const SEARCH_FUSE_OPTIONS: IFuseOptions<SearchDocument> = {
  keys: SEARCH_FIELDS.map(({ name, weight, getFn }) => ({ name, weight, getFn })),
  includeScore: true,
  threshold: 0.4,
  location: 0,
  distance: 1000,
};
