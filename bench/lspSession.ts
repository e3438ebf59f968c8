// A language server under measurement, spoken to over stdio the way an editor would: the same client for
// Greenroom and yaml-language-server, so that both pay the same transport costs.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface Position {
  line: number;
  character: number;
}

export interface Diagnostic {
  message: string;
  severity?: number;
  range: { start: Position; end: Position };
}

interface Waiter {
  method: string;
  matches: (params: unknown) => boolean;
  resolve: (params: unknown) => void;
}

/** What the editor's settings answer to `workspace/configuration`, by section. */
export type Settings = Record<string, unknown>;

/** Client capabilities of a plain editor: pulled settings, Markdown hovers, snippet completions. */
const CAPABILITIES = {
  workspace: { configuration: true },
  textDocument: {
    synchronization: { didSave: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    definition: { linkSupport: true },
    publishDiagnostics: {},
  },
};

/** Node arguments, before the server's script, that let heap() ask a server for its memory. */
export const HEAP_PROBE = ['--expose-gc', '--require', path.join(__dirname, 'heapProbe.cjs')];

export interface HeapUse {
  heapUsed: number;
  arrayBuffers: number;
  external: number;
  rss: number;
}

/** How long a graceful shutdown may take before the server is killed. */
const SHUTDOWN_MS = 5_000;

export class LspSession {
  private readonly process: ChildProcess;
  private readonly connection: MessageConnection;
  private readonly waiters: Waiter[] = [];
  private readonly exited: Promise<void>;
  private stderr = '';
  private stopped?: Promise<void>;

  constructor(
    readonly name: string,
    args: readonly string[],
    private readonly settings: Settings,
    /** Answers to other server → client requests, by method (Greenroom's token request). */
    private readonly answers: Record<string, (params: unknown) => unknown> = {},
  ) {
    this.process = spawn(process.execPath, [...args, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
    // Only the tail matters, to say why a server died.
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4_000)));
    const reader = new StreamMessageReader(this.process.stdout!);
    // No notice of a message that is slow to arrive: its timer re-arms every 10 s until the rest comes, which, for a
    // message cut off by the server's exit, is never, and kept this process from ever exiting.
    reader.partialMessageTimeout = 0;
    this.connection = createMessageConnection(reader, new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification((method, params) => {
      for (const waiter of [...this.waiters]) {
        if (waiter.method !== method || !waiter.matches(params)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    });
    // Settings pulls are answered from `settings`, requests named in `answers` from there; registrations, progress and the like are acknowledged.
    this.connection.onRequest((method, params) => {
      if (this.answers[method]) return this.answers[method](params);
      if (method !== 'workspace/configuration') return null;
      return (params as { items: { section?: string }[] }).items.map((item) => this.settings[item.section ?? ''] ?? null);
    });
    this.connection.listen();
  }

  /** Initializes on `folder`. Returns once `initialized` is sent: the caller waits for whatever marks readiness. */
  async initialize(folderUri: string, initializationOptions?: unknown): Promise<void> {
    await this.guard(
      this.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: folderUri,
        workspaceFolders: [{ uri: folderUri, name: 'catalog' }],
        capabilities: CAPABILITIES,
        initializationOptions,
      }),
      60_000,
      'initialize',
    );
    await this.connection.sendNotification('initialized', {});
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Wall time from sending a request to receiving its response. */
  async time(method: string, params: unknown, timeoutMs = 30_000): Promise<{ ms: number; result: unknown }> {
    const start = performance.now();
    const result = await this.guard(this.connection.sendRequest(method, params), timeoutMs, method);
    return { ms: performance.now() - start, result };
  }

  /**
   * The next notification of `method` that `matches`, with the time it arrived. Call it before the message
   * that causes the notification, so that a fast server cannot answer before anyone listens.
   */
  next<T>(method: string, matches: (params: T) => boolean, timeoutMs: number): Promise<{ params: T; at: number }> {
    let waiter!: Waiter;
    const arrived = new Promise<{ params: T; at: number }>((resolve) => {
      waiter = { method, matches: (params) => matches(params as T), resolve: (params) => resolve({ params: params as T, at: performance.now() }) };
      this.waiters.push(waiter);
    });
    return this.guard(arrived, timeoutMs, method).finally(() => {
      if (this.waiters.includes(waiter)) this.waiters.splice(this.waiters.indexOf(waiter), 1);
    });
  }

  /** The server's memory after garbage collection; it must have been started with HEAP_PROBE's arguments first. */
  heap(): Promise<HeapUse> {
    const reported = new Promise<HeapUse>((resolve) => {
      const listener = (chunk: Buffer) => {
        const line = /^greenroom-heap (.*)$/m.exec(chunk.toString());
        if (!line) return;
        this.process.stderr!.off('data', listener);
        resolve(JSON.parse(line[1]) as HeapUse);
      };
      this.process.stderr!.on('data', listener);
    });
    this.process.kill('SIGUSR2');
    return this.guard(reported, 120_000, 'heap');
  }

  /** Stops the server: politely, then by force. Safe to call more than once. */
  dispose(): Promise<void> {
    return (this.stopped ??= this.stop());
  }

  private async stop(): Promise<void> {
    try {
      await this.guard(this.connection.sendRequest('shutdown'), SHUTDOWN_MS, 'shutdown');
      await this.connection.sendNotification('exit');
      await this.guard(this.exited, SHUTDOWN_MS, 'exit');
    } catch {
      // A server that does not stop in time is killed below.
    }
    this.connection.dispose();
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }

  /** Fails, with the server's last words, when it exits or takes longer than `timeoutMs`. */
  private guard<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms\n${this.stderr}`)), timeoutMs);
      if (what !== 'exit') void this.exited.then(() => reject(new Error(`${this.name} exited while waiting for ${what}\n${this.stderr}`)));
    });
    return Promise.race([promise, failure]).finally(() => clearTimeout(timer));
  }
}
