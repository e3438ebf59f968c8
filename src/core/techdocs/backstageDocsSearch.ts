// Backstage's docs search: what its search API (`/api/search/query?types[0]=techdocs`) answers, read as untrusted
// data. Only strings count, every one is capped, and a result whose location is not a page of its own entity's docs
// site (`/docs/<namespace>/<kind>/<name>/…`, as the TechDocs collator writes it) is dropped.

/** A page, or a section of one, of a site Backstage publishes, found by Backstage's search. */
export interface BackstageDocsResult {
  /** The entity whose site it is, as the collator names it. */
  namespace: string;
  kind: string;
  name: string;
  /** The page's HTML file in the site (`guide/getting-started/index.html`), as the published viewer names pages. */
  page: string;
  /** The heading's id when the location names a section (`#run-it-locally`). */
  anchor?: string;
  title: string;
  /** A snippet of the text, on one line. */
  text: string;
  /** The location as Backstage gave it (app-relative), capped. */
  location: string;
}

/** The limits an answer is read with. */
export const BACKSTAGE_DOCS_SEARCH_LIMITS = {
  /** Results looked at; the rest of a longer answer is ignored. */
  results: 100,
  title: 200,
  text: 300,
  location: 1000,
  /** An entity name part (Backstage allows 63 characters, namespaces 63, kinds 63): room to spare, no more. */
  namePart: 253,
  anchor: 200,
} as const;

const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ANCHOR = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;
const PAGE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_. -]*$/;

/** The results of an answer of Backstage's search API that are docs pages of an entity's own site, in Backstage's order. */
export function readBackstageDocsSearch(answer: unknown, limit: number): BackstageDocsResult[] {
  if (!isObject(answer) || !Array.isArray(answer.results)) return [];
  const found: BackstageDocsResult[] = [];
  for (const result of answer.results.slice(0, BACKSTAGE_DOCS_SEARCH_LIMITS.results)) {
    if (found.length >= limit) break;
    const read = readResult(result);
    if (read) found.push(read);
  }
  return found;
}

function readResult(result: unknown): BackstageDocsResult | undefined {
  if (!isObject(result) || result.type !== 'techdocs' || !isObject(result.document)) return undefined;
  const document = result.document;
  const namespace = namePart(document.namespace) ?? (document.namespace === undefined ? 'default' : undefined);
  const kind = namePart(document.kind);
  const name = namePart(document.name);
  if (!namespace || !kind || !name) return undefined;
  if (typeof document.location !== 'string' || document.location.length > BACKSTAGE_DOCS_SEARCH_LIMITS.location) return undefined;
  const at = pageOf(document.location, { namespace, kind, name });
  if (!at) return undefined;
  const title = oneLine(document.title, BACKSTAGE_DOCS_SEARCH_LIMITS.title) || at.page;
  return { namespace, kind, name, ...at, title, text: oneLine(document.text, BACKSTAGE_DOCS_SEARCH_LIMITS.text), location: document.location };
}

/**
 * The page (and anchor) a location names inside the entity's site: `/docs/<namespace>/<kind>/<name>/<path>[#anchor]`,
 * compared without case as Backstage's docs routes are. Anything else (another entity's docs, another app route, a
 * URL with an origin, `..`, an encoded separator) names nothing.
 */
export function pageOf(location: string, entity: { namespace: string; kind: string; name: string }): { page: string; anchor?: string } | undefined {
  const hash = location.indexOf('#');
  const pathPart = hash < 0 ? location : location.slice(0, hash);
  const anchorPart = hash < 0 ? undefined : location.slice(hash + 1);
  const prefix = `/docs/${entity.namespace}/${entity.kind}/${entity.name}`.toLowerCase();
  if (pathPart.toLowerCase() !== prefix && !pathPart.toLowerCase().startsWith(`${prefix}/`)) return undefined;
  if (/[?\\%]/.test(pathPart)) return undefined;
  const rest = pathPart.slice(prefix.length + 1);
  const segments = rest.split('/');
  const last = segments.pop() ?? '';
  if (!segments.every((segment) => PAGE_SEGMENT.test(segment) && segment !== '.' && segment !== '..')) return undefined;
  let page: string;
  if (last === '') page = [...segments, 'index.html'].join('/');
  else if (/\.html$/i.test(last) && PAGE_SEGMENT.test(last)) page = [...segments, last].join('/');
  else if (PAGE_SEGMENT.test(last) && last !== '.' && last !== '..') page = [...segments, last, 'index.html'].join('/');
  else return undefined;
  if (anchorPart === undefined || anchorPart === '') return { page };
  // A strange anchor still leaves the page worth opening, at its top.
  return anchorPart.length <= BACKSTAGE_DOCS_SEARCH_LIMITS.anchor && ANCHOR.test(anchorPart) ? { page, anchor: anchorPart } : { page };
}

function namePart(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= BACKSTAGE_DOCS_SEARCH_LIMITS.namePart && NAME_PART.test(value) ? value : undefined;
}

/** A string on one line, without control characters, cut at `max` characters with an ellipsis; '' for anything else. */
function oneLine(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  // Look at no more than needs reading: an oversized string is cut before it is cleaned.
  const text = value.slice(0, max * 4).replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
