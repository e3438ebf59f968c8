// Parsing catalog files on worker threads, so the server keeps answering: large ones one at a time, a load's in batches.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DocumentLink, DocumentSymbol } from 'vscode-languageserver';
import type { CatalogFileReader } from '../../core/catalog/catalog';
import { readCatalogFile, type CatalogFile, type ReadOptions } from '../../core/catalog/catalogFile';
import type { CatalogSource, DiskFile, FileRead } from '../../core/catalog/catalogSource';
import type { OrganisationRule } from '../../core/catalog/organisationRules';
import { sharedStrings } from '../../core/catalog/ownStrings';
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

/** At most this many files to a job: a job is one message each way instead of one per file. */
const BATCH_FILES = 16;
/** Entities a job aims at: files of many entities go a few to a job, so that the last job of a load leaves little to index. */
const BATCH_ENTITIES = 200;
/** A worker whose last job was a load's is ended after this long idle: it holds tens of megabytes of what the load left. */
const IDLE_AFTER_LOAD_MS = 5_000;
/** Fewer disk files asked for at once, with none out on the workers, are read in place: a worker's start costs more. */
const MIN_BATCH = 8;
/** Files to a job until one has been answered: the files' sizes are unknown, and a job of large ones would hold back the first. */
const FIRST_JOB_FILES = 2;
/** Jobs out on a worker at once, the one it parses and the next; the rest of a load's files wait here, to be sized by the answers meanwhile. */
const JOBS_PER_WORKER = 2;

export type WorkerJob =
  | { kind: 'read'; id: number; path: string; text: string; skipSkeletons: boolean; keepChunks: boolean; modules: readonly string[]; rules: readonly OrganisationRule[] }
  | { kind: 'disk'; id: number; files: readonly { disk: DiskFile; skipSkeletons: boolean }[]; modules: readonly string[]; rules: readonly OrganisationRule[] }
  | { kind: 'symbols'; id: number; text: string }
  | { kind: 'links'; id: number; path: string; text: string };
/** The worker asks the main thread's catalog source (a `$text` read, a path's resolution) for the job it is on. */
export interface SourceCall {
  kind: 'source';
  id: number;
  job: number;
  method: 'listRoots' | 'resolve' | 'glob' | 'readFile';
  args: unknown[];
}
/** What a worker made of one file of a `disk` job: the file read, or `here` when the server's thread is to read it (a large file, or one `readOnDisk` leaves). */
export type DiskOutcome = { kind: 'read'; file: CatalogFile; stamp: string } | { kind: 'here' };
export type WorkerReply = SourceCall | { kind: 'done'; id: number; value: unknown } | { kind: 'failed'; id: number; message: string };

type Job = WorkerJob extends infer J ? (J extends WorkerJob ? Omit<J, 'id'> : never) : never;
type Outcome = { ok: true; value: unknown } | { ok: false; message: string };
interface Queue {
  /** Settles when the slot's last job has ended, and `before` when the one before it has. */
  tail: Promise<unknown>;
  before: Promise<unknown>;
  tailKind: Job['kind'] | undefined;
  waiting: number;
  idle?: NodeJS.Timeout;
  holdsChunks?: boolean;
}
interface DiskRead {
  disk: DiskFile;
  source: CatalogSource;
  options: ReadOptions;
  resolve: (outcome: DiskOutcome) => void;
}

/**
 * Parses large texts, and the files of a load in batches, on worker threads (`dist/parseWorker.js`), one job at a time on
 * each of up to two workers, each job within a time and a memory limit: a huge or pathological file costs the server's
 * thread only the copying of its result. A job past a limit ends its worker; the next job on that slot starts a new one.
 */
export class OffThreadParser {
  private readonly workers: (Worker | undefined)[] = [];
  /** One queue per worker slot; a job goes to the slot with the fewest jobs waiting. */
  private readonly queues: Queue[] = [];
  private startedEarly = false;
  private nextId = 0;
  /** Disk files asked for and not sent yet: those of a turn of the event loop go together at its end. */
  private diskReads: DiskRead[] = [];
  /** Whether the files asked for in this turn are to be sent at its end already. */
  private sendScheduled = false;
  /** Entities per file in the jobs answered so far, as a running average: how many files make a job. */
  private entitiesPerFile = 1;
  /** Whether a disk job has been answered, and with it `entitiesPerFile` measured. */
  private calibrated = false;
  /** Disk jobs sent and not yet answered: while any are out, files go to the workers however few. */
  private batchesOut = 0;

  constructor(private readonly script: string) {
    for (let slot = 0; slot < WORKERS; slot++) this.queues.push({ tail: Promise.resolve(), before: Promise.resolve(), tailKind: undefined, waiting: 0 });
  }

  /**
   * Reads a catalog file. During a load, files no editor holds are read and parsed on the workers, many to a job: the
   * server's thread keeps the catalog and answers requests meanwhile. Otherwise an ordinary file is read on this thread and
   * a large one parsed on a worker.
   */
  readonly readCatalogFile: CatalogFileReader = async (source, file, options) => {
    // The first worker starts with the first file read, ahead of any large one: loading its code takes longer than parsing
    // most files. Not with the server: a warm start reads no file, and the worker's start took the second core from its
    // first search. Once only: later a worker starts when a job needs one, not at every edit of a small file.
    if (!this.startedEarly) {
      this.startedEarly = true;
      this.workers[0] ??= this.start(0);
    }
    // A parse cache is an open editor's, whose text the source has: `onDisk` would say so as well.
    const disk = options.parseCache === undefined ? await source.onDisk?.(file) : undefined;
    if (disk) {
      const outcome = await new Promise<DiskOutcome>((resolve) => this.queueDiskRead({ disk, source, options, resolve }));
      if (outcome.kind === 'read') {
        source.readElsewhere?.(file, outcome.stamp);
        return sharedStrings(outcome.file);
      }
    }
    const read = await source.readFile(file);
    if (!read.ok || read.text.length <= OFF_THREAD_CHARS) return readCatalogFile(withFirstRead(source, file, read), file, options);
    const job: Job = { kind: 'read', path: file, text: read.text, skipSkeletons: options.skipSkeletons, keepChunks: options.parseCache !== undefined, modules: options.modules ?? [], rules: options.rules ?? [] };
    const outcome = await this.run(job, source);
    return outcome.ok ? sharedStrings(outcome.value as CatalogFile) : notRead(file, outcome.message);
  };

  private queueDiskRead(file: DiskRead): void {
    this.diskReads.push(file);
    // A full job goes at once: the end of a turn can be a long way off while a walk's listings keep coming in.
    if (this.diskReads.length >= this.fullJob()) this.sendDiskReads();
    if (this.sendScheduled || this.diskReads.length === 0) return;
    this.sendScheduled = true;
    setImmediate(() => {
      this.sendScheduled = false;
      this.sendDiskReads();
    });
  }

  /**
   * Sends the files waiting, a full job at a time (BATCH_ENTITIES) while a worker has room for one; fewer only while a
   * worker has nothing to do, so that jobs stay large when files trickle in (a Location's targets, each resolved first).
   * A job that fails leaves its files to this thread.
   */
  private sendDiskReads(): void {
    const full = this.fullJob();
    if (this.diskReads.length < Math.min(MIN_BATCH, full) && this.batchesOut === 0) {
      for (const file of this.diskReads.splice(0)) file.resolve({ kind: 'here' });
      return;
    }
    const aim = this.calibrated ? full : Math.min(full, FIRST_JOB_FILES);
    while (this.diskReads.length > 0) {
      if (this.queues.every((queue) => queue.waiting >= JOBS_PER_WORKER)) return;
      const size = jobLength(this.diskReads, aim);
      if (size < aim && this.batchesOut > 0 && this.queues.every((queue) => queue.waiting > 0)) return;
      this.sendJob(this.diskReads.splice(0, size));
    }
  }

  /** Files to a full job. */
  private fullJob(): number {
    return Math.max(1, Math.min(BATCH_FILES, Math.round(BATCH_ENTITIES / this.entitiesPerFile)));
  }

  private sendJob(batch: DiskRead[]): void {
    const { source, options } = batch[0];
    const job: Job = { kind: 'disk', files: batch.map(({ disk, options }) => ({ disk, skipSkeletons: options.skipSkeletons })), modules: options.modules ?? [], rules: options.rules ?? [] };
    this.batchesOut++;
    // Every file is answered, whatever became of the job: the catalog waits for each.
    const answer = (outcomes: unknown) => {
      this.batchesOut--;
      const read = Array.isArray(outcomes) ? (outcomes as DiskOutcome[]) : [];
      batch.forEach((file, index) => file.resolve(read[index] ?? { kind: 'here' }));
      for (const outcome of read) {
        if (outcome?.kind !== 'read') continue;
        this.entitiesPerFile += ((outcome.file.entities?.length ?? 0) - this.entitiesPerFile) / 8;
        this.calibrated = true;
      }
    };
    this.run(job, source).then(
      (outcome) => answer(outcome.ok ? outcome.value : undefined),
      () => answer(undefined),
    );
  }

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
    clearTimeout(queue.idle);
    if (job.kind === 'read' && job.keepChunks) queue.holdsChunks = true;
    // A load's job goes to a worker still parsing the load's job before it, so that the worker takes it up at once instead
    // of waiting for this thread to take the answer and send the next; at most two are out on a worker.
    const pipelined = job.kind === 'disk' && queue.tailKind === 'disk';
    const posted = pipelined ? queue.before : queue.tail;
    const running = queue.tail;
    const outcome = posted
      .then(() => this.dispatch(slot, job, source, pipelined ? running : undefined))
      .finally(() => {
        queue.waiting--;
        // Not a worker that parsed an editor's large file: it keeps that file's parsed chunks for the next keystroke.
        if (queue.waiting === 0 && job.kind === 'disk' && !queue.holdsChunks) queue.idle = setTimeout(() => this.endIdle(slot), IDLE_AFTER_LOAD_MS).unref();
        // A worker is free: files held while every one was busy go now.
        if (this.diskReads.length > 0) this.sendDiskReads();
      });
    // One job that failed to start does not fail the ones after it.
    queue.before = queue.tail;
    queue.tail = outcome.catch(() => undefined);
    queue.tailKind = job.kind;
    return outcome;
  }

  /**
   * Never rejects: a failure or a limit passed is an outcome. A job sent while the one before it is still on the worker
   * (`behind`) has its time counted from that one's end; should the worker be stopped first, the job fails with it.
   */
  private dispatch(slot: number, job: Job, source: CatalogSource | undefined, behind?: Promise<unknown>): Promise<Outcome> {
    const worker = (this.workers[slot] ??= this.start(slot));
    const id = this.nextId++;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      const finish = (outcome: Outcome, stop: boolean) => {
        finished = true;
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
        if (reply.kind === 'source') {
          if (reply.job === id) void answer(reply);
        } else if (reply.id === id) finish(reply.kind === 'done' ? { ok: true, value: reply.value } : { ok: false, message: reply.message }, false);
      };
      const onError = (error: Error & { code?: string }) => {
        const message = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `parsing it needs more than ${HEAP_LIMIT_MB} MB of memory` : error.message;
        finish({ ok: false, message }, true);
      };
      const onExit = () => finish({ ok: false, message: 'the parser stopped' }, true);
      const startTimer = () => {
        if (!finished) timer = setTimeout(() => finish({ ok: false, message: `parsing it takes longer than ${TIME_LIMIT_MS / 1000} s` }, true), TIME_LIMIT_MS);
      };
      if (behind) void behind.then(startTimer);
      else startTimer();
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      try {
        worker.postMessage({ ...job, id });
      } catch (error) {
        finish({ ok: false, message: error instanceof Error ? error.message : String(error) }, false);
      }
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

  private endIdle(slot: number): void {
    const worker = this.workers[slot];
    if (worker && this.queues[slot].waiting === 0) this.stop(slot, worker);
  }

  private stop(slot: number, worker: Worker): void {
    if (this.workers[slot] === worker) {
      this.workers[slot] = undefined;
      // A new worker holds no parsed chunks.
      this.queues[slot].holdsChunks = false;
    }
    void worker.terminate();
  }
}

/** How many of the files, from the first, make one job: at most `full`, read for the same catalog with the same modules and rules. */
function jobLength(files: readonly DiskRead[], full: number): number {
  const [first] = files;
  let size = 1;
  while (size < Math.min(full, files.length)) {
    const file = files[size];
    if (file.source !== first.source || file.options.modules !== first.options.modules || file.options.rules !== first.options.rules) break;
    size++;
  }
  return size;
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
  return {
    path: file,
    entities: [],
    problems: [{ path: file, range: FILE_START, severity: 'error', code: 'file-unreadable', message }],
    targets: [],
    dependencies: [],
    isSkeleton: false,
    readFailure: 'unreadable',
  };
}
