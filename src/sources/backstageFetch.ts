import { BackstageSourceError } from './backstageErrors';

export interface BackstageFetchOptions {
  /** The only origin requests may go to, and the one the token was given for. */
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
  /** Per request, including reading the body. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * A fetch for catalog-client's `fetchApi` that binds the token to Backstage's origin: it adds
 * `Authorization` and refuses any request to another origin, so the token cannot leak.
 */
export function backstageFetch({ baseUrl, token, fetch: inner = fetch, timeoutMs, signal }: BackstageFetchOptions): typeof fetch {
  const origin = new URL(baseUrl).origin;
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.origin !== origin) {
      return Promise.reject(
        new BackstageSourceError('other-origin', `Refused to send a request to ${url.origin}: the Backstage token is only for ${origin}.`),
      );
    }
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    new Headers(init?.headers).forEach((value, name) => headers.set(name, value));
    if (token) headers.set('authorization', `Bearer ${token}`);
    const signals = [AbortSignal.timeout(timeoutMs), signal, init?.signal].filter((s): s is AbortSignal => !!s);
    // 'manual': a redirect is answered as a 3xx, never followed, so the token stays on this origin.
    return inner(input, { ...init, headers, redirect: 'manual', signal: AbortSignal.any(signals) });
  };
}
