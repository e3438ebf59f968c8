import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import type { BackstageStatus, CatalogStatus } from '../../src/protocol/catalogProtocol';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

export interface Diagnostics {
  uri: string;
  diagnostics: { range: { start: { line: number; character: number } }; message: string; severity: number; code: string; source?: string }[];
}

/** Speaks LSP to `node dist/server.js --stdio`, the way another editor would. */
export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly diagnostics = new Map<string, Diagnostics['diagnostics']>();
  private readonly listeners: (() => void)[] = [];
  catalogVersion = -1;
  /** The statuses the first load sent while reading, in order. */
  readonly loadingStatuses: CatalogStatus[] = [];
  stderr = '';
  /** The last statuses of the Backstage instances the server reads. */
  backstage: BackstageStatus[] = [];
  /** Tokens the client hands out when the server asks, by origin; and the origins asked for. */
  readonly tokens = new Map<string, string>();
  readonly tokenRequests: string[] = [];

  /** `env` is the server process's environment (the extension passes its seal key there). */
  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    const reader = new StreamMessageReader(this.process.stdout!);
    // No notice of a message that is slow to arrive: its timer re-arms every 10 s until the rest comes, which, for a
    // message cut off by the server's exit, is never, and kept this process from ever exiting.
    reader.partialMessageTimeout = 0;
    this.connection = createMessageConnection(reader, new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: Diagnostics) => {
      this.diagnostics.set(URI.parse(params.uri).fsPath, params.diagnostics);
      this.notify();
    });
    this.connection.onNotification('greenroom/catalogChanged', (status: CatalogStatus) => {
      // Before the first load ends, statuses say how far it has got (an edit meanwhile sends one too): `catalogVersion` counts loaded catalogs.
      if (status.loaded) this.catalogVersion = status.version;
      else if (status.progress) this.loadingStatuses.push(status);
      this.notify();
    });
    this.connection.onNotification('greenroom/backstageStatus', ({ instances }: { instances: BackstageStatus[] }) => {
      this.backstage = instances;
      this.notify();
    });
    this.connection.onRequest('greenroom/backstageToken', ({ origin }: { origin: string }) => {
      this.tokenRequests.push(origin);
      return this.tokens.get(origin) ?? null;
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  /** `options` are further initialization options (`backstage` settings, `storagePath`…). */
  async initialize(folder: string, catalog: { include?: string[] } = {}, options: Record<string, unknown> = {}): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(folder).toString(),
      workspaceFolders: [{ uri: URI.file(folder).toString(), name: path.basename(folder) }],
      capabilities: {},
      initializationOptions: { catalog, ...options },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Waits until `check` holds, re-checking after every notification. */
  waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), timeoutMs);
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve();
      };
      this.listeners.push(listener);
    });
  }

  /** Opens a document as an editor would, so that requests on it are answered from its text. */
  async open(file: string, text: string, version = 1): Promise<string> {
    const uri = URI.file(file).toString();
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    return uri;
  }

  request<T>(method: string, params?: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  async dispose(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; kill it below regardless.
    }
    this.connection.dispose();
    // Waits for the process to end, so that nothing it still writes (a saved catalog) lands in a folder a test removes next.
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill();
    const forced = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(forced);
  }
}
