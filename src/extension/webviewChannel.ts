import type * as vscode from 'vscode';
import { WebviewReadyNotification, type ParamsOf, type WebviewEnvelope, type WebviewNotificationType, type WebviewRequestType } from '../protocol/webviewMessages';

/**
 * The host's end of a webview's typed messages. Every post waits for the page's first ready, so
 * nothing is lost while the page loads; a request whose handler throws is answered with the reason,
 * which rejects the page's promise, and `onError` hears of any failure.
 */
export class WebviewChannel implements vscode.Disposable {
  private readonly requestHandlers = new Map<string, (params: unknown) => unknown>();
  private readonly notificationHandlers = new Map<string, (params: unknown) => unknown>();
  private readonly ready: Promise<void>;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly onError: (error: unknown) => void,
  ) {
    let markReady!: () => void;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.notificationHandlers.set(WebviewReadyNotification.method, () => markReady());
    this.subscription = webview.onDidReceiveMessage((message: WebviewEnvelope) => void this.receive(message));
  }

  onRequest<P, R>(type: WebviewRequestType<P, R>, handler: (params: P) => R | Promise<R>): void {
    this.requestHandlers.set(type.method, handler as (params: unknown) => unknown);
  }

  onNotification<P>(type: WebviewNotificationType<P>, handler: (params: P) => unknown): void {
    const own = this.notificationHandlers.get(type.method);
    const typed = handler as (params: unknown) => unknown;
    this.notificationHandlers.set(type.method, own ? (params) => (own(params), typed(params)) : typed);
  }

  notify<P>(type: WebviewNotificationType<P>, ...params: ParamsOf<P>): void {
    this.post({ kind: 'notification', method: type.method, params: params[0] });
  }

  private post(message: WebviewEnvelope): void {
    void this.ready.then(() => this.webview.postMessage(message));
  }

  private async receive(message: WebviewEnvelope): Promise<void> {
    if (message.kind === 'request') {
      const handler = this.requestHandlers.get(message.method);
      try {
        if (!handler) throw new Error(`No handler for ${message.method}`);
        this.post({ kind: 'response', id: message.id, result: await handler(message.params) });
      } catch (error) {
        this.onError(error);
        this.post({ kind: 'response', id: message.id, error: error instanceof Error ? error.message : String(error) });
      }
    } else if (message.kind === 'notification') {
      try {
        await this.notificationHandlers.get(message.method)?.(message.params);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
