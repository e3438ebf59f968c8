// Backstage's docs in search: each connected instance's search API asked for TechDocs pages, with a short timeout,
// its answer read as untrusted (core/techdocs/backstageDocsSearch.ts) and kept only for entities the catalog shows
// from that instance with published docs, so every hit opens that entity's published site.
import type { Catalog } from '../../core/catalog/catalog';
import { readBackstageDocsSearch } from '../../core/techdocs/backstageDocsSearch';
import { hasPublishedDocs } from '../../core/techdocs/localSite';
import type { BackstageDocsSearchHit } from '../../protocol/docsProtocol';
import { searchTechDocs, type TechDocsOptions } from '../../sources/backstageTechDocs';

/** Search must not wait behind Backstage: an instance slower than this adds nothing. */
export const BACKSTAGE_SEARCH_TIMEOUT_MS = 3000;
/** An answer larger than this is refused, whatever it holds. */
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;
const MAX_TERM_LENGTH = 200;

export interface BackstageDocsSearchDeps {
  catalog(): Catalog;
  /** The configured instances' base URLs. */
  instances(): readonly string[];
  /** What a request to a configured instance needs; undefined for another. */
  options(baseUrl: string): Promise<TechDocsOptions | undefined>;
  log(message: string): void;
}

/** Pages of Backstage's published docs matching `query`, every instance asked side by side; what fails is left out. */
export async function searchBackstageDocs(deps: BackstageDocsSearchDeps, query: string, limit: number, signal?: AbortSignal): Promise<BackstageDocsSearchHit[]> {
  const term = query.trim().slice(0, MAX_TERM_LENGTH);
  if (!term) return [];
  const answers = await Promise.all(
    deps.instances().map(async (baseUrl) => {
      try {
        const options = await deps.options(baseUrl);
        if (!options) return [];
        const timeoutMs = Math.min(options.timeoutMs, BACKSTAGE_SEARCH_TIMEOUT_MS);
        const answer = await searchTechDocs({ ...options, timeoutMs, signal }, term, MAX_ANSWER_BYTES);
        return hitsOf(deps.catalog(), baseUrl, answer, limit);
      } catch (error) {
        if (!signal?.aborted) deps.log(`Backstage's docs search at ${baseUrl} failed: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    }),
  );
  return answers.flat().slice(0, limit);
}

function hitsOf(catalog: Catalog, baseUrl: string, answer: unknown, limit: number): BackstageDocsSearchHit[] {
  const hits: BackstageDocsSearchHit[] = [];
  const seen = new Set<string>();
  for (const result of readBackstageDocsSearch(answer, Number.MAX_SAFE_INTEGER)) {
    if (hits.length >= limit) break;
    const record = catalog.entity(`${result.kind}:${result.namespace}/${result.name}`);
    // The site opened is the one this instance publishes for the entity it shows: a workspace copy has its own docs.
    if (!record || record.remote?.baseUrl !== baseUrl || !hasPublishedDocs(record)) continue;
    const key = `${record.ref}\n${result.page}\n${result.anchor ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push({ ref: record.ref, publishedBy: baseUrl, page: result.page, anchor: result.anchor, title: result.title, text: result.text, location: result.location });
  }
  return hits;
}
