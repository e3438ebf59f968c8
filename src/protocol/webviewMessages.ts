/**
 * Typed messages between a webview page and the extension host, declared once as handles the way
 * the server's are: a request is a question one side asks and the other answers or rejects with the
 * reason; a notification goes one way. Plain data only: the page bundle imports this file.
 */

/** A request: `P` goes out, `R` comes back. The phantom member carries the types and is never set. */
export interface WebviewRequestType<P, R> {
  readonly method: string;
  readonly _types?: (params: P) => R;
}

/** A one-way message carrying `P`. */
export interface WebviewNotificationType<P> {
  readonly method: string;
  readonly _types?: (params: P) => void;
}

export function webviewRequest<P, R>(method: string): WebviewRequestType<P, R> {
  return { method };
}

export function webviewNotification<P = void>(method: string): WebviewNotificationType<P> {
  return { method };
}

/** Page → host: the page is loaded and listening. The host posts nothing before it. */
export const WebviewReadyNotification = webviewNotification('ready');

/** What crosses `postMessage` either way. */
export type WebviewEnvelope =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'response'; id: number; result?: unknown; error?: string }
  | { kind: 'notification'; method: string; params: unknown };

/** The arguments after the handle: none for a message without parameters. */
export type ParamsOf<P> = [P] extends [void] ? [] : [params: P];
