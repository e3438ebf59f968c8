// Search of docs pages: each page of the workspace's docs sites by its title, and each of its headings, ranked with
// fuse.js as the catalog search ranks entities.
import Fuse from 'fuse.js';

/** A page, or a heading of it (`heading`), of an entity's docs site. */
export interface DocsSearchEntry {
  ref: string;
  siteName: string;
  page: string;
  pageTitle: string;
  heading?: { text: string; id: string };
}

export interface DocsSearchHit extends DocsSearchEntry {
  /** fuse.js's score: 0 is a perfect match. */
  score: number;
}

interface Indexed {
  entry: DocsSearchEntry;
  /** What the entry is found by: the heading's text, or the page's title. */
  text: string;
  pageTitle: string;
  siteName: string;
}

/** The same tolerance as the catalog search (SEARCH_FUSE_OPTIONS): typos kept, noise dropped. */
const OPTIONS = {
  keys: [
    { name: 'text', weight: 3 },
    { name: 'pageTitle', weight: 1 },
    { name: 'siteName', weight: 0.5 },
  ],
  includeScore: true,
  threshold: 0.4,
  location: 0,
  distance: 1000,
};

export class DocsSearchIndex {
  private readonly fuse: Fuse<Indexed>;

  constructor(entries: readonly DocsSearchEntry[]) {
    this.fuse = new Fuse(
      entries.map((entry) => ({ entry, text: entry.heading?.text ?? entry.pageTitle, pageTitle: entry.pageTitle, siteName: entry.siteName })),
      OPTIONS,
    );
  }

  /** The best `limit` pages and headings for `query`; none for an empty query. */
  search(query: string, limit: number): DocsSearchHit[] {
    const wanted = query.trim();
    if (!wanted) return [];
    return this.fuse.search(wanted, { limit }).map(({ item, score }) => ({ ...item.entry, score: score ?? 1 }));
  }
}
