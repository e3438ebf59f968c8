// The thread that parses large catalog files and a load's files, so that the server's own thread keeps answering.
// Built as its own bundle (dist/parseWorker.js); `OffThreadParser` starts and feeds it.
import { parentPort } from 'node:worker_threads';
import { readCatalogFile } from '../../core/catalog/catalogFile';
import type { CatalogSource, DiskFile, FileRead } from '../../core/catalog/catalogSource';
import type { OrganisationRule } from '../../core/catalog/organisationRules';
import { validateEntity } from '../../core/catalog/entityValidation';
import { parseYamlFile, type YamlChunkCache } from '../../core/language/yamlDocuments';
import { documentLinks, documentSymbols } from '../features/navigation';
import { readOnDisk } from '../../sources/diskReads';
import { OFF_THREAD_CHARS, type DiskOutcome, type SourceCall, type WorkerJob, type WorkerReply } from './offThreadParser';

/** Parsed chunks of the open files read here most recently: a keystroke re-parses one entity. */
const MAX_CACHED_FILES = 8;
const caches = new Map<string, YamlChunkCache>();
const sourceCalls = new Map<number, (value: unknown) => void>();
let nextCall = 0;
/** Jobs run one after another, in the order sent: a load's next job may arrive while one is under way. */
let working: Promise<unknown> = Promise.resolve();
/** The job under way, named in its calls to the main thread, which answers each job's calls from that job's source. */
let currentJob = -1;

const port = parentPort!;
const reply = (message: WorkerReply) => port.postMessage(message);

/** Asks the main thread's catalog source: `$text` and friends read only what the main thread may read. */
function ask<T>(method: SourceCall['method'], args: unknown[]): Promise<T> {
  return new Promise((resolve) => {
    const id = nextCall++;
    sourceCalls.set(id, resolve as (value: unknown) => void);
    reply({ kind: 'source', id, job: currentJob, method, args } satisfies SourceCall);
  });
}

/** The catalog source as the main thread has it, except that the file being read comes with the job. */
function sourceWith(own: { path: string; text: string }): CatalogSource {
  let pending: { path: string; text: string } | undefined = own;
  return {
    listRoots: (...args) => ask('listRoots', args),
    resolve: (...args) => ask('resolve', args),
    glob: (...args) => ask('glob', args),
    readFile: (file) => {
      const text = file === pending?.path ? pending.text : undefined;
      if (text !== undefined) pending = undefined;
      return text !== undefined ? Promise.resolve({ ok: true, text }) : ask<FileRead>('readFile', [file]);
    },
  };
}

function cacheFor(path: string, keep: boolean): YamlChunkCache | undefined {
  const cache: YamlChunkCache = caches.get(path) ?? (new Map() as YamlChunkCache);
  caches.delete(path);
  if (!keep) return undefined;
  caches.set(path, cache);
  if (caches.size > MAX_CACHED_FILES) caches.delete(caches.keys().next().value!);
  return cache;
}

/** One file of a `disk` job, read here or left to the server's thread: a large one becomes a job of its own there, within its own time limit. */
async function fromDisk({ disk, skipSkeletons }: { disk: DiskFile; skipSkeletons: boolean }, job: { modules: readonly string[]; rules: readonly OrganisationRule[] }): Promise<DiskOutcome> {
  // Over three UTF-8 bytes a character's limit, a file is over the limit in characters too: not read here at all.
  const read = readOnDisk(disk, OFF_THREAD_CHARS * 3);
  if (!read || read.text.length > OFF_THREAD_CHARS) return { kind: 'here' };
  const file = await readCatalogFile(sourceWith({ path: disk.path, text: read.text }), disk.path, { skipSkeletons, modules: job.modules, rules: job.rules, copiedOut: true });
  return { kind: 'read', file, stamp: read.stamp };
}

async function run(job: WorkerJob): Promise<unknown> {
  switch (job.kind) {
    case 'read':
      return readCatalogFile(sourceWith(job), job.path, { skipSkeletons: job.skipSkeletons, parseCache: cacheFor(job.path, job.keepChunks), modules: job.modules, rules: job.rules, copiedOut: true });
    case 'disk': {
      const outcomes: DiskOutcome[] = [];
      for (const file of job.files) outcomes.push(await fromDisk(file, job));
      return outcomes;
    }
    case 'symbols':
      return documentSymbols(parseYamlFile(job.text));
    case 'links':
      return documentLinks(job.path, parseYamlFile(job.text));
  }
}

// Backstage's validators are compiled on first use, which takes longer than most files: compile
// them while the server starts, not while the first large file waits.
validateEntity({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'warm-up' }, spec: { type: 'service', lifecycle: 'production', owner: 'team' } }).catch(() => undefined);

port.on('message', (message: WorkerJob | { kind: 'answer'; id: number; value: unknown }) => {
  if (message.kind === 'answer') {
    sourceCalls.get(message.id)?.(message.value);
    sourceCalls.delete(message.id);
    return;
  }
  const { id } = message;
  working = working
    .then(() => {
      currentJob = id;
      return run(message);
    })
    .then((value) => reply({ kind: 'done', id, value }))
    // A failed job, or an answer that cannot be sent (a value that does not clone), fails this job only: the jobs sent
    // after it still run.
    .catch((error: unknown) => reply({ kind: 'failed', id, message: error instanceof Error ? error.message : String(error) }))
    .catch(() => undefined);
});
