// Search of docs pages: each page of the workspace's docs sites by its title, and each of its headings, ranked with
// fuse.js as the catalog search ranks entities; then by the words of each page and section, as a search engine
// finds them (every word, the last one as a prefix), with the words around the first found.
import Fuse from 'fuse.js';

/** A page, or a heading of it (`heading`), of an entity's docs site, with the words under it. */
export interface DocsSearchEntry {
  ref: string;
  siteName: string;
  page: string;
  pageTitle: string;
  heading?: { text: string; id: string };
  /** The words of the page before its first heading, or of the heading's section. */
  text?: string;
}

export interface DocsSearchHit extends Omit<DocsSearchEntry, 'text'> {
  /** fuse.js's score for a title or heading: 0 is a perfect match; text hits rank after good ones. */
  score: number;
  /** For a hit in the words of the page: those around the first word found. */
  snippet?: string;
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

/** A hit in the words only: after titles and headings that match well, before those that barely do. */
const TEXT_HIT_SCORE = 0.3;
const WORD = /[\p{L}\p{N}_]+/gu;

export class DocsSearchIndex {
  private readonly fuse: Fuse<Indexed>;
  /** Each word of the pages' text, with the entries that hold it. */
  private readonly words = new Map<string, number[]>();
  /** The same words sorted, for the last word of a query, which may be half typed. */
  private readonly sortedWords: string[];

  constructor(private readonly entries: readonly DocsSearchEntry[]) {
    this.fuse = new Fuse(
      entries.map((entry) => ({ entry, text: entry.heading?.text ?? entry.pageTitle, pageTitle: entry.pageTitle, siteName: entry.siteName })),
      OPTIONS,
    );
    entries.forEach((entry, index) => {
      for (const word of new Set(wordsOf(entry.text ?? ''))) {
        const holders = this.words.get(word);
        if (holders) holders.push(index);
        else this.words.set(word, [index]);
      }
    });
    this.sortedWords = [...this.words.keys()].sort();
  }

  /** The best `limit` pages and headings for `query`, titles and headings first; none for an empty query. */
  search(query: string, limit: number): DocsSearchHit[] {
    const wanted = query.trim();
    if (!wanted) return [];
    const hits: DocsSearchHit[] = this.fuse.search(wanted, { limit }).map(({ item, score }) => hitOf(item.entry, score ?? 1));
    const found = new Set(hits.map((hit) => `${hit.ref}\n${hit.page}#${hit.heading?.id ?? ''}`));
    const words = wordsOf(wanted);
    // Every text hit scores the same and sorts after the title hits that beat it: at most `limit` are needed, and
    // only those get a snippet.
    let textHits = 0;
    for (const index of words.length > 0 ? this.holdingAll(words) : []) {
      if (textHits >= limit) break;
      const entry = this.entries[index];
      const key = `${entry.ref}\n${entry.page}#${entry.heading?.id ?? ''}`;
      if (found.has(key)) continue;
      found.add(key);
      textHits++;
      hits.push(hitOf(entry, TEXT_HIT_SCORE, snippetOf(entry.text ?? '', words)));
    }
    return hits.sort((a, b) => a.score - b.score).slice(0, limit);
  }

  /** The entries whose words hold every word of the query, the last one as a prefix, in the sites' order. */
  private holdingAll(words: readonly string[]): number[] {
    const last = words[words.length - 1];
    const prefixed = new Set<number>();
    // One letter is a word, not the start of thousands.
    const isPrefix = (word: string) => (last.length > 1 ? word.startsWith(last) : word === last);
    for (let at = lowerBound(this.sortedWords, last); at < this.sortedWords.length && isPrefix(this.sortedWords[at]); at++) {
      for (const index of this.words.get(this.sortedWords[at])!) prefixed.add(index);
    }
    let holding = prefixed;
    for (const word of words.slice(0, -1)) {
      const holders = new Set(this.words.get(word) ?? []);
      holding = new Set([...holding].filter((index) => holders.has(index)));
    }
    return [...holding].sort((a, b) => a - b);
  }
}

function hitOf(entry: DocsSearchEntry, score: number, snippet?: string): DocsSearchHit {
  const hit: DocsSearchHit = { ref: entry.ref, siteName: entry.siteName, page: entry.page, pageTitle: entry.pageTitle, score };
  if (entry.heading) hit.heading = entry.heading;
  if (snippet !== undefined) hit.snippet = snippet;
  return hit;
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** About a line of the text around the first word of the query that it holds. */
function snippetOf(text: string, words: readonly string[]): string {
  const lower = text.toLowerCase();
  const at = Math.max(0, Math.min(...words.map((word) => lower.indexOf(word)).filter((found) => found >= 0)));
  const start = Math.max(0, text.lastIndexOf(' ', Math.max(0, at - 40)) + 1);
  const end = Math.min(text.length, at + 120);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

function lowerBound(sorted: readonly string[], wanted: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < wanted) low = middle + 1;
    else high = middle;
  }
  return low;
}
