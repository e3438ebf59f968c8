import { ResponseError } from '@backstage/errors';

export type BackstageErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'rate-limited'
  | 'server-error'
  | 'not-catalog-api'
  | 'other-origin'
  | 'aborted';

/** Why a Backstage catalog could not be loaded; `message` says what happened and what to do. */
export class BackstageSourceError extends Error {
  override readonly name = 'BackstageSourceError';

  constructor(
    readonly kind: BackstageErrorKind,
    message: string,
    readonly status?: number,
    /** How long the server asked to wait (Retry-After) before the next request. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** Worth another attempt: the same request may succeed a moment later. */
  get transient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout' || this.kind === 'rate-limited' || this.kind === 'server-error';
  }
}

/**
 * The error a caller sees for `err`, thrown while reading the catalog at `baseUrl`; `tokenSent` tells
 * a 401 to a wrong token from one to no token at all.
 */
export function toSourceError(err: unknown, baseUrl: string, signal?: AbortSignal, tokenSent = true): BackstageSourceError {
  if (err instanceof BackstageSourceError) return err;
  const at = `Backstage at ${baseUrl}`;
  // The caller's abort wins over whatever the aborted fetch threw.
  if (signal?.aborted) return new BackstageSourceError('aborted', `Loading the catalog from ${baseUrl} was cancelled.`);
  if (err instanceof ResponseError) return fromStatus(err, at, baseUrl, tokenSent);
  if (err instanceof Error && err.name === 'TimeoutError') {
    return new BackstageSourceError('timeout', `${at} did not answer in time. Check your network or VPN, or try again when the backend is less busy.`);
  }
  // catalog-client calls response.json() on a 200: a page that is not JSON is not the catalog API.
  if (err instanceof SyntaxError) return notCatalogApi(baseUrl, 'answered with something that is not JSON');
  const code = networkCode(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new BackstageSourceError('unreachable', `${at} is unreachable: the host name does not resolve (${code}). Check the base URL and your network or VPN.`);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return new BackstageSourceError('timeout', `${at} did not accept a connection in time (${code}). Check your network or VPN.`);
  }
  if (code !== undefined) {
    return new BackstageSourceError('unreachable', `${at} is unreachable (${code}). Check that the backend is running and that the base URL and port are right.`);
  }
  return new BackstageSourceError('unreachable', `${at} could not be read: ${err instanceof Error ? err.message : String(err)}.`);
}

export function notCatalogApi(baseUrl: string, what: string): BackstageSourceError {
  return new BackstageSourceError(
    'not-catalog-api',
    `${baseUrl} ${what}, not the Backstage catalog API. Check that the base URL is the Backstage backend's URL (the catalog lives under /api/catalog).`,
  );
}

function fromStatus(err: ResponseError, at: string, baseUrl: string, tokenSent: boolean): BackstageSourceError {
  const status = err.statusCode;
  const said = serverMessage(err);
  if (status === 401 && !tokenSent) {
    return new BackstageSourceError('unauthorized', `${at} answered 401: it needs a token, and Greenroom holds none for this host. Sign in with Greenroom: Connect to Backstage….`, status);
  }
  if (status === 401) return new BackstageSourceError('unauthorized', `${at} answered 401: the token was not accepted. Sign in again with a valid token.`, status);
  if (status === 403) {
    return new BackstageSourceError('forbidden', `${at} answered 403: this token may not read the catalog. Sign in again as a user with catalog access, or ask your Backstage admins.`, status);
  }
  if (status === 404) {
    return new BackstageSourceError(
      'not-found',
      `${at} answered 404 for the catalog API: ${baseUrl} is not the root of a Backstage backend. Check the base URL (the backend's URL, without /api/catalog).`,
      status,
    );
  }
  if (status === 429) {
    return new BackstageSourceError('rate-limited', `${at} answered 429: too many requests. Wait a minute, then refresh.`, status, retryAfterMs(err));
  }
  if (status >= 500) {
    return new BackstageSourceError('server-error', `${at} answered ${status}${said}. The backend has a problem: try again later, or check its logs.`, status, retryAfterMs(err));
  }
  // A redirect (not followed, see backstageFetch) is typically a sign-in proxy in front of Backstage.
  if (status >= 300 && status < 400) return notCatalogApi(baseUrl, `answered ${status} with a redirect (a sign-in proxy?)`);
  return new BackstageSourceError('bad-request', `${at} rejected the request with ${status}${said}. Check the requested fields, or update Greenroom.`, status);
}

/** The backend's own explanation, short: `: <message>`, or nothing. */
function serverMessage(err: ResponseError): string {
  const text = err.body?.error?.message?.trim();
  if (!text) return '';
  return `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

function retryAfterMs(err: ResponseError): number | undefined {
  const value = err.response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Node's fetch fails with a TypeError whose cause carries the socket error's code. */
function networkCode(err: unknown): string | undefined {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
