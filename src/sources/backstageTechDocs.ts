// The files of a docs site Backstage's TechDocs backend serves (`/api/techdocs/static/docs/<namespace>/<kind>/<name>/…`),
// and Backstage's search of those sites (`/api/search/query`, type `techdocs`), read with the instance's token, bound
// to its origin, with a cap on what is read.
import { isSiteFile } from '../core/techdocs/publishedSite';
import { backstageFetch } from './backstageFetch';
import { BackstageSourceError, toSourceError } from './backstageErrors';

export interface TechDocsOptions {
  /** The Backstage backend's URL (TechDocs is under /api/techdocs). */
  baseUrl: string;
  /** Sent only to `baseUrl`'s origin. */
  token?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** The entity whose site it is, as Backstage names its folder (lower case, as the local publisher stores it). */
export interface TechDocsEntity {
  namespace: string;
  kind: string;
  name: string;
}

export interface TechDocsFile {
  contentType: string;
  body: Buffer;
}

/** Reads one file of the site; `file` is site-relative, and refused here too if it could leave the site. */
export async function fetchTechDocsFile(options: TechDocsOptions, entity: TechDocsEntity, file: string, maxBytes: number): Promise<TechDocsFile> {
  // fetch normalises `..`, which encodeURIComponent leaves as it is: the token must not reach another path of the origin.
  if (!isSiteFile(file)) throw new BackstageSourceError('not-found', `${file} is not a file of a published docs site; it is not asked for.`, 404);
  const triplet = [entity.namespace, entity.kind, entity.name].map((part) => encodeURIComponent(part.toLowerCase()));
  const url = `${options.baseUrl}/api/techdocs/static/docs/${triplet.join('/')}/${file.split('/').map(encodeURIComponent).join('/')}`;
  const request = backstageFetch(options);
  let response: Response;
  try {
    response = await request(url);
  } catch (error) {
    throw toSourceError(error, options.baseUrl);
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new BackstageSourceError('not-found', `Backstage at ${options.baseUrl} has no published docs file ${file} for ${entity.kind}:${entity.namespace}/${entity.name}: its docs may not be built and published yet.`, 404);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    const why = response.status === 401 || response.status === 403 ? ': sign in again with a token that may read TechDocs' : '';
    throw new BackstageSourceError(response.status >= 500 ? 'server-error' : 'bad-request', `Backstage at ${options.baseUrl} answered ${response.status} for the docs file ${file}${why}.`, response.status);
  }
  return { contentType: response.headers.get('content-type') ?? '', body: await readCapped(response, maxBytes, file) };
}

/**
 * Asks Backstage's search API for docs pages matching `term` (the TechDocs collator's documents). The answer is
 * returned parsed but unread: it is untrusted, and `core/techdocs/backstageDocsSearch.ts` reads it.
 */
export async function searchTechDocs(options: TechDocsOptions & { signal?: AbortSignal }, term: string, maxBytes: number): Promise<unknown> {
  const url = `${options.baseUrl}/api/search/query?term=${encodeURIComponent(term)}&${encodeURIComponent('types[0]')}=techdocs`;
  const request = backstageFetch(options);
  let response: Response;
  try {
    response = await request(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw toSourceError(error, options.baseUrl);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    const why = response.status === 404 ? ': it may not run the search plugin' : response.status === 401 || response.status === 403 ? ': sign in again with a token that may search' : '';
    throw new BackstageSourceError(response.status >= 500 ? 'server-error' : response.status === 404 ? 'not-found' : 'bad-request', `Backstage at ${options.baseUrl} answered ${response.status} to a docs search${why}.`, response.status);
  }
  let body: Buffer;
  try {
    body = await readCapped(response, maxBytes, 'search answer');
  } catch (error) {
    throw toSourceError(error, options.baseUrl);
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new BackstageSourceError('bad-request', `Backstage at ${options.baseUrl} answered a docs search with something other than JSON.`);
  }
}

/** The body, refused past `maxBytes` whatever Content-Length says. */
async function readCapped(response: Response, maxBytes: number, file: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BackstageSourceError('bad-request', `The docs file ${file} is larger than ${Math.round(maxBytes / 1024)} KB; it is not shown.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
