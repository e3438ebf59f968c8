import { WebviewReadyNotification, type ParamsOf, type WebviewEnvelope, type WebviewNotificationType, type WebviewRequestType } from '../protocol/webviewMessages';

interface VsCodeApi<S> {
  postMessage(message: WebviewEnvelope): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

/**
 * The extension host as a webview page sees it: typed requests out (a failed one rejects with the
 * host's reason), typed notifications both ways, and the state VS Code keeps across reloads.
 */
export class HostChannel<S> {
  private readonly api = acquireVsCodeApi<S>();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private readonly handlers = new Map<string, Set<(params: unknown) => void>>();

  constructor() {
    window.addEventListener('message', (event: MessageEvent<WebviewEnvelope>) => {
      const message = event.data;
      if (message.kind === 'response') {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error !== undefined) waiting?.reject(new Error(message.error));
        else waiting?.resolve(message.result);
      } else if (message.kind === 'notification') {
        for (const handler of this.handlers.get(message.method) ?? []) handler(message.params);
      }
    });
  }

  request<P, R>(type: WebviewRequestType<P, R>, ...params: ParamsOf<P>): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.api.postMessage({ kind: 'request', id, method: type.method, params: params[0] });
    });
  }

  notify<P>(type: WebviewNotificationType<P>, ...params: ParamsOf<P>): void {
    this.api.postMessage({ kind: 'notification', method: type.method, params: params[0] });
  }

  /** Listens for a notification from the host; returns the function that stops listening. */
  on<P>(type: WebviewNotificationType<P>, handler: (params: P) => void): () => void {
    let set = this.handlers.get(type.method);
    if (!set) this.handlers.set(type.method, (set = new Set()));
    const listener = handler as (params: unknown) => void;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Tells the host the page listens: call once the page's listeners are in place. */
  ready(): void {
    this.notify(WebviewReadyNotification);
  }

  state = (): S | undefined => this.api.getState();
  saveState = (state: S): void => this.api.setState(state);
}
