// Parsing large catalog files on a worker thread, so the server keeps answering.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DocumentLink, DocumentSymbol } from 'vscode-languageserver';
import type { CatalogFileReader } from '../../core/catalog/catalog';
import { readCatalogFile, type CatalogFile } from '../../core/catalog/catalogFile';
import type { CatalogSource, FileRead } from '../../core/catalog/catalogSource';
import type { OrganisationRule } from '../../core/catalog/organisationRules';
import { FILE_START } from '../../core/catalog/textRange';

/**
 * Past this many characters a text is parsed on the worker thread. The slowest YAML measured (a
 * flow sequence `[1,1,…]`) parses at about 2 ms per KB, so a smaller text holds the server's
 * thread for at most ~150 ms; ordinary catalog files are far smaller and stay on it.
 */
export const OFF_THREAD_CHARS = 64 * 1024;
/** A file that takes longer is given up: the catalog's next updates wait behind it. */
const TIME_LIMIT_MS = 30_000;
/** The worker's heap: a file whose parse would need more fails there instead of swelling the server. */
const HEAP_LIMIT_MB = 1536;
/** Workers parsing side by side: a catalog of many large files loads on two cores, not one. */
const WORKERS = Math.max(1, Math.min(2, availableParallelism()));

export type WorkerJob =
  | { kind: 'read'; id: number; path: string; text: string; skipSkeletons: boolean; keepChunks: boolean; modules: readonly string[]; rules: readonly OrganisationRule[] }
  | { kind: 'symbols'; id: number; text: string }
  | { kind: 'links'; id: number; path: string; text: string };
/** The worker asks the main thread's catalog source (a `$text` read, a path's resolution). */
export interface SourceCall {
  kind: 'source';
  id: number;
  method: keyof CatalogSource;
  args: unknown[];
}
export type WorkerReply = SourceCall | { kind: 'done'; id: number; value: unknown } | { kind: 'failed'; id: number; message: string };

type Job = WorkerJob extends infer J ? (J extends WorkerJob ? Omit<J, 'id'> : never) : never;
type Outcome = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses large texts on worker threads (`dist/parseWorker.js`), one job at a time on each of up to
 * two workers, each job within a time and a memory limit: a huge or pathological file costs the
 * server's thread only the copying of its result. A job past a limit ends its worker; the next job
 * on that slot starts a new one.
 */
export class OffThreadParser {
  private readonly workers: (Worker | undefined)[] = [];
  /** One queue per worker slot; a job goes to the slot with the fewest jobs waiting. */
  private readonly queues: { tail: Promise<unknown>; waiting: number }[] = [];
  private nextId = 0;

  constructor(private readonly script: string) {
    for (let slot = 0; slot < WORKERS; slot++) this.queues.push({ tail: Promise.resolve(), waiting: 0 });
  }

  /** Reads a catalog file: an ordinary one on this thread, a large one on the worker. */
  readonly readCatalogFile: CatalogFileReader = async (source, file, options) => {
    // The first worker starts with the first file read, ahead of any large one: loading its code takes longer than parsing
    // most files. Not with the server: a warm start reads no file, and the worker's start took the second core from its
    // first search. The second starts when needed.
    this.workers[0] ??= this.start(0);
    const read = await source.readFile(file);
    if (!read.ok || read.text.length <= OFF_THREAD_CHARS) return readCatalogFile(withFirstRead(source, file, read), file, options);
    const job: Job = { kind: 'read', path: file, text: read.text, skipSkeletons: options.skipSkeletons, keepChunks: options.parseCache !== undefined, modules: options.modules ?? [], rules: options.rules ?? [] };
    const outcome = await this.run(job, source);
    return outcome.ok ? (outcome.value as CatalogFile) : notRead(file, outcome.message);
  };

  /** The outline of a large document, or undefined when the worker gave up on it. */
  async symbols(text: string): Promise<DocumentSymbol[] | undefined> {
    const outcome = await this.run({ kind: 'symbols', text });
    return outcome.ok ? (outcome.value as DocumentSymbol[]) : undefined;
  }

  /** The links of a large document, or undefined when the worker gave up on it. */
  async links(path: string, text: string): Promise<DocumentLink[] | undefined> {
    const outcome = await this.run({ kind: 'links', path, text });
    return outcome.ok ? (outcome.value as DocumentLink[]) : undefined;
  }

  private run(job: Job, source?: CatalogSource): Promise<Outcome> {
    const slot = this.queues.reduce((best, queue, index) => (queue.waiting < this.queues[best].waiting ? index : best), 0);
    const queue = this.queues[slot];
    queue.waiting++;
    const outcome = queue.tail.then(() => this.dispatch(slot, job, source)).finally(() => queue.waiting--);
    queue.tail = outcome;
    return outcome;
  }

  /** Never rejects: a failure or a limit passed is an outcome. */
  private dispatch(slot: number, job: Job, source: CatalogSource | undefined): Promise<Outcome> {
    const worker = (this.workers[slot] ??= this.start(slot));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const finish = (outcome: Outcome, stop: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (stop) this.stop(slot, worker);
        resolve(outcome);
      };
      const answer = async ({ id: call, method, args }: SourceCall) => {
        const methods = source as unknown as Record<SourceCall['method'], (...args: unknown[]) => Promise<unknown>> | undefined;
        const value = await methods?.[method](...args).catch(() => undefined);
        worker.postMessage({ kind: 'answer', id: call, value });
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.kind === 'source') void answer(reply);
        else if (reply.id === id) finish(reply.kind === 'done' ? { ok: true, value: reply.value } : { ok: false, message: reply.message }, false);
      };
      const onError = (error: Error & { code?: string }) => {
        const message = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `parsing it needs more than ${HEAP_LIMIT_MB} MB of memory` : error.message;
        finish({ ok: false, message }, true);
      };
      const onExit = () => finish({ ok: false, message: 'the parser stopped' }, true);
      const timer = setTimeout(() => finish({ ok: false, message: `parsing it takes longer than ${TIME_LIMIT_MS / 1000} s` }, true), TIME_LIMIT_MS);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ ...job, id });
    });
  }

  private start(slot: number): Worker {
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB } });
    // An idle parser never keeps the server alive, and one that fails is replaced at the next job;
    // a job under way learns of the failure through its own listeners.
    worker.unref();
    worker.on('error', () => this.stop(slot, worker)).on('exit', () => this.stop(slot, worker));
    return worker;
  }

  private stop(slot: number, worker: Worker): void {
    if (this.workers[slot] === worker) this.workers[slot] = undefined;
    void worker.terminate();
  }
}

/** The source, except that the file's first read is the one already made. */
function withFirstRead(source: CatalogSource, file: string, read: FileRead): CatalogSource {
  let pending: FileRead | undefined = read;
  return {
    listRoots: (under) => source.listRoots(under),
    resolve: (referrer, target) => source.resolve(referrer, target),
    glob: (referrer, pattern) => source.glob(referrer, pattern),
    readFile: (path) => {
      const first = path === file ? pending : undefined;
      if (first) pending = undefined;
      return first ? Promise.resolve(first) : source.readFile(path);
    },
  };
}

function notRead(file: string, reason: string): CatalogFile {
  const message = `This file is not read: ${reason}. Split it with a Location entity.`;
  return { path: file, entities: [], problems: [{ path: file, range: FILE_START, severity: 'error', code: 'file-unreadable', message }], targets: [], dependencies: [], isSkeleton: false, readFailure: 'unreadable' };
}
