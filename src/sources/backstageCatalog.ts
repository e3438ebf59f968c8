import type { CatalogClient, QueryEntitiesRequest, QueryEntitiesResponse } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import { BackstageSourceError, notCatalogApi, toSourceError } from './backstageErrors';
import { backstageFetch } from './backstageFetch';

export interface BackstageCatalogOptions {
  /** The Backstage backend's URL, e.g. https://backstage.example.com (the catalog is under /api/catalog). */
  baseUrl: string;
  /** Sent only to `baseUrl`'s origin. */
  token?: string;
  fetch?: typeof fetch;
  pageSize?: number;
  /** Entity fields to fetch, e.g. ['kind', 'metadata', 'relations']; all when absent. */
  fields?: string[];
  signal?: AbortSignal;
  /** After each page, with its entities; `total` is the catalog's count when the backend reports one. */
  onProgress?: (loaded: number, total: number | undefined, page: Entity[]) => void;
  timeoutMs?: number;
  /** Further attempts of a request after a network error, timeout, 429 or 5xx. */
  retries?: number;
}

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const FIRST_BACKOFF_MS = 500;
/** Longest wait between attempts; a Retry-After beyond it fails the load rather than stall it. */
const MAX_BACKOFF_MS = 30_000;

/** Every entity of a Backstage catalog, paged with the cursor of catalog-client's queryEntities. */
export async function loadBackstageCatalog(options: BackstageCatalogOptions): Promise<Entity[]> {
  const { fields, signal, onProgress, pageSize = DEFAULT_PAGE_SIZE, retries = DEFAULT_RETRIES } = options;
  const { client, root } = await catalogClient(options);
  const entities: Entity[] = [];
  let request: QueryEntitiesRequest = { limit: pageSize, fields };
  for (;;) {
    const page = await withRetries(() => client.queryEntities(request), root, retries, signal, Boolean(options.token));
    if (!isPage(page)) throw notCatalogApi(root, 'answered with JSON that is not a page of entities');
    entities.push(...page.items);
    onProgress?.(entities.length, page.totalItems || undefined, page.items);
    const cursor = page.pageInfo.nextCursor;
    if (!cursor) return entities;
    // A backend that hands back the cursor it was given would page forever.
    if ('cursor' in request && request.cursor === cursor) throw notCatalogApi(root, 'repeated the same page cursor');
    request = { cursor, limit: pageSize, fields };
  }
}

/** Checks a base URL and token with one small request; resolves to the catalog's entity count. */
export async function checkBackstageCatalog(options: BackstageCatalogOptions): Promise<number> {
  const { client, root } = await catalogClient(options);
  const page = await withRetries(() => client.queryEntities({ limit: 1, fields: ['kind'] }), root, 0, options.signal, Boolean(options.token));
  if (!isPage(page) || typeof page.totalItems !== 'number') throw notCatalogApi(root, 'answered with JSON that is not a page of entities');
  return page.totalItems;
}

/** One whole entity (all its fields), or undefined when Backstage has no such entity. */
export async function fetchBackstageEntity(options: BackstageCatalogOptions, ref: string): Promise<Entity | undefined> {
  const { client, root } = await catalogClient(options);
  return withRetries(() => client.getEntityByRef(ref), root, options.retries ?? DEFAULT_RETRIES, options.signal, Boolean(options.token));
}

/**
 * What Backstage's validate-entity endpoint says of an entity read from `locationRef` (`url:…`): its processors
 * and policies run on it, the organisation's own included. Empty when it accepts the entity.
 */
export async function validateInBackstage(options: BackstageCatalogOptions, entity: Entity, locationRef: string): Promise<string[]> {
  const { client, root } = await catalogClient(options);
  const answer = await withRetries(() => client.validateEntity(entity, locationRef), root, options.retries ?? DEFAULT_RETRIES, options.signal, Boolean(options.token));
  if (answer.valid) return [];
  const errors = Array.isArray(answer.errors) ? answer.errors : [];
  return errors.length > 0 ? errors.map((error) => `${String(error?.name ?? 'Error')}: ${String(error?.message ?? '')}`) : ['Backstage gave no reason'];
}

async function catalogClient(options: BackstageCatalogOptions): Promise<{ client: CatalogClient; root: string }> {
  // Loaded with the first request: a start from the cache does without the module.
  const { CatalogClient } = await import('@backstage/catalog-client');
  const root = options.baseUrl.replace(/\/+$/, '');
  const client = new CatalogClient({
    discoveryApi: { getBaseUrl: (pluginId) => Promise.resolve(`${root}/api/${pluginId}`) },
    fetchApi: { fetch: backstageFetch({ ...options, baseUrl: root, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS }) },
  });
  return { client, root };
}

async function withRetries<T>(attempt: () => Promise<T>, baseUrl: string, retries: number, signal: AbortSignal | undefined, tokenSent: boolean): Promise<T> {
  for (let tried = 0; ; tried++) {
    try {
      signal?.throwIfAborted();
      return await attempt();
    } catch (err) {
      const error = toSourceError(err, baseUrl, signal, tokenSent);
      if (!error.transient || tried >= retries) throw error;
      const backoff = FIRST_BACKOFF_MS * 2 ** tried * (0.5 + Math.random() / 2);
      const wait = Math.max(backoff, error.retryAfterMs ?? 0);
      if (wait > MAX_BACKOFF_MS) throw error;
      await sleep(wait, signal).catch((e: unknown) => {
        throw toSourceError(e, baseUrl, signal);
      });
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      if (signal?.aborted) reject(signal.reason as Error);
      else resolve();
    }
  });
}

/** catalog-client trusts the JSON it gets; a server that is not Backstage's catalog can answer anything. */
function isPage(page: unknown): page is QueryEntitiesResponse {
  const p = page as Partial<QueryEntitiesResponse> | null;
  return typeof p === 'object' && p !== null && Array.isArray(p.items) && typeof p.pageInfo === 'object' && p.pageInfo !== null;
}

export { BackstageSourceError };
export type { BackstageErrorKind } from './backstageErrors';
