import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { parseAllDocuments } from 'yaml';
import { Catalog } from '../../src/core/catalog/catalog';
import type { EntityRecord } from '../../src/core/catalog/catalogFile';
import type { CatalogProblem } from '../../src/core/catalog/catalogProblem';
import { WorkspaceFiles } from '../../src/sources/workspaceFiles';
import { startBackstage, type BackstageServer } from './backstageFixture';

// Catalogs of 16 public repositories (test/fixtures/real-world/, see its SOURCES.md), ingested by the
// real Backstage backend as each repository's own setup would and read by Greenroom's catalog: per
// entity document the same verdict (ingested, rejected, or not ingested because a Location above it
// fails) and for a rejection the same reason.

const REAL_WORLD = path.resolve(__dirname, '../fixtures/real-world');
// GREENROOM_REAL_WORLD_REPOS (comma-separated folder names) compares only those.
const ONLY = process.env.GREENROOM_REAL_WORLD_REPOS?.split(',');
const REPOS = fs
  .readdirSync(REAL_WORLD, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && (!ONLY || ONLY.includes(entry.name)))
  .map((entry) => entry.name)
  .sort();

type Verdict = 'ingested' | 'rejected' | 'not ingested';

interface DocumentVerdict {
  verdict: Verdict;
  reason?: string;
}

interface RepoLayout {
  /** The folder holding the repositories' folders. */
  root: string;
  repo: string;
  dir: string;
  /** Every file below the repository, relative, with forward slashes. */
  files: string[];
  /** What Backstage registers: the files Greenroom reads as roots, except template skeletons. */
  roots: string[];
  /** `url` where the repository's Locations rely on being read from a URL, else `file`. */
  registration: 'url' | 'file';
  refs: Set<string>;
  kinds: Set<string>;
  /** Location hops from a registered file: Backstage reads nearer files first. */
  depth: Map<string, number>;
}

function filesBelow(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${prefix}${entry.name}`;
    return entry.isDirectory() ? filesBelow(dir, `${relative}/`) : [relative];
  });
}

/** Parsed documents of a file as plain data (the test's own reading, independent of Greenroom's). */
function documentsOf(file: string): Record<string, unknown>[] {
  try {
    // Templates' flow maps as keys (`{ gitlab_hostname }`) are no concern here: no warnings.
    return parseAllDocuments(fs.readFileSync(file, 'utf8'), { logLevel: 'error' })
      .flatMap((doc) => ('toJS' in doc ? [doc.toJS({ maxAliasCount: -1 }) as unknown] : []))
      .filter((value): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value));
  } catch {
    return [];
  }
}

function isUrl(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
}

/** A file a template copies (`${{ values.x }}` in it) and is not itself a Template: Backstage never registers it. */
function isSkeleton(text: string): boolean {
  return /\$\{\{/.test(text) && !/^kind:\s*Template\s*$/m.test(text);
}

function layoutOf(root: string, repo: string): RepoLayout {
  const dir = path.join(root, repo);
  const files = filesBelow(dir);
  const yamlFiles = files.filter((f) => /\.ya?ml$/.test(f));
  const targeted = new Set<string>();
  const edges = new Map<string, string[]>();
  const refs = new Set<string>();
  const kinds = new Set<string>();
  let registration: 'url' | 'file' = 'file';
  for (const file of yamlFiles) {
    for (const doc of documentsOf(path.join(dir, file))) {
      const metadata = (doc.metadata ?? {}) as Record<string, unknown>;
      if (typeof doc.kind === 'string') kinds.add(doc.kind);
      if (typeof doc.kind === 'string' && typeof metadata.name === 'string') {
        refs.add(`${doc.kind}:${typeof metadata.namespace === 'string' ? metadata.namespace : 'default'}/${metadata.name}`.toLowerCase());
      }
      if (doc.kind !== 'Location') continue;
      const spec = (doc.spec ?? {}) as Record<string, unknown>;
      const targets = [spec.target, ...(Array.isArray(spec.targets) ? (spec.targets as unknown[]) : [])].filter((t): t is string => typeof t === 'string');
      for (const target of targets.filter((t) => !isUrl(t))) {
        if (spec.type === 'url') registration = 'url';
        const pattern = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
        const matches = picomatch(pattern, { dot: true });
        for (const candidate of files.filter((f) => matches(f))) {
          targeted.add(candidate);
          edges.set(file, [...(edges.get(file) ?? []), candidate]);
        }
      }
    }
  }
  const holdsEntities = (file: string) => /^apiVersion:\s*['"]?(backstage\.io|scaffolder\.backstage\.io)\//m.test(fs.readFileSync(path.join(dir, file), 'utf8'));
  // Files no Location names are registered one by one, as app-config.yaml or the register page does.
  const registered = yamlFiles.filter((f) => !targeted.has(f) && holdsEntities(f) && !isSkeleton(fs.readFileSync(path.join(dir, f), 'utf8')));
  const depth = new Map(registered.map((root) => [root, 0]));
  for (const queue = [...registered]; queue.length > 0; ) {
    const file = queue.shift()!;
    for (const next of edges.get(file) ?? []) {
      if (depth.has(next)) continue;
      depth.set(next, depth.get(file)! + 1);
      queue.push(next);
    }
  }
  return { root, repo, dir, files, roots: registered, registration, refs, kinds, depth };
}

/** Greenroom's roots: its default globs plus the registered files; skeletons found by a glob are not registered. */
async function greenroomCatalog(layout: RepoLayout): Promise<{ catalog: Catalog; roots: string[] }> {
  const source = new WorkspaceFiles([{ folder: layout.dir, include: layout.roots, exclude: [] }]);
  const roots = (await source.listRoots())
    .map((file) => path.relative(layout.dir, file).split(path.sep).join('/'))
    .filter((file) => !isSkeleton(fs.readFileSync(path.join(layout.dir, file), 'utf8')));
  const catalog = new Catalog(source);
  await catalog.load();
  return { catalog, roots };
}

/** Repositories grouped so that no entity ref is defined in two repositories of one group: one backend per group. */
function groupsWithoutSharedRefs(layouts: RepoLayout[]): RepoLayout[][] {
  const groups: { refs: Set<string>; members: RepoLayout[] }[] = [];
  for (const layout of [...layouts].sort((a, b) => b.refs.size - a.refs.size)) {
    const group = groups.find((g) => [...layout.refs].every((ref) => !g.refs.has(ref)));
    if (group) {
      group.members.push(layout);
      for (const ref of layout.refs) group.refs.add(ref);
    } else groups.push({ refs: new Set(layout.refs), members: [layout] });
  }
  return groups.map((g) => g.members);
}

/** Serves the repositories' files as a Git host's raw URLs do, so `url` Locations resolve relative targets as Backstage's URL reader does. */
async function serveFiles(root: string): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const relative = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname).replace(/^\/+/, '');
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end('Not Found');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface BackstageEntity {
  kind: string;
  metadata: { name: string; namespace?: string; title?: string; description?: string; annotations?: Record<string, string> };
  spec?: unknown;
}

interface ProcessingError {
  entity: BackstageEntity & { spec?: { target?: string } };
  errors: { name: string; message: string }[];
}

function refOf(entity: BackstageEntity): string {
  return `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`.toLowerCase();
}

async function allEntities(server: BackstageServer): Promise<BackstageEntity[]> {
  const items: BackstageEntity[] = [];
  let cursor: string | undefined;
  do {
    const query = cursor ? `cursor=${encodeURIComponent(cursor)}` : 'limit=500';
    const res = await fetch(`${server.baseUrl}/api/catalog/entities/by-query?${query}`, { headers: { authorization: `Bearer ${server.token}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { items: BackstageEntity[]; pageInfo: { nextCursor?: string } };
    items.push(...body.items);
    cursor = body.pageInfo.nextCursor;
  } while (cursor);
  return items;
}

function readErrors(file: string): ProcessingError[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ProcessingError);
}

interface CatalogDatabase {
  prepare(sql: string): { get(): Record<string, number | null> };
  close(): void;
}

/**
 * Waits until Backstage has processed everything: every entity it was given or a Location emitted
 * has been processed at least once (a failure records its errors then), every success is stitched
 * and served, and the error records have caught up; read from the catalog's own database.
 */
async function settled(server: BackstageServer, database: string, errorsFile: string, deadlineMs: number): Promise<void> {
  // The backend's own SQLite driver, built for this Node, reads its database.
  const Database = createRequire(__filename)(path.join(await backendModules(), 'node_modules', 'better-sqlite3')) as new (file: string, options: object) => CatalogDatabase;
  const deadline = Date.now() + deadlineMs;
  let last = '';
  for (;;) {
    let state = 'unreadable';
    try {
      const db = new Database(path.join(database, 'catalog.sqlite'), { readonly: true, fileMustExist: true });
      try {
        const rows = db.prepare('SELECT COUNT(*) AS n, SUM(result_hash IS NULL) AS unprocessed FROM refresh_state').get();
        const stitched = db.prepare('SELECT COUNT(*) AS n, SUM(final_entity IS NULL) AS pending FROM final_entities').get();
        const served = (await allEntities(server)).length;
        const done = Number(rows.n) > 0 && rows.unprocessed === 0 && !stitched.pending && served === stitched.n;
        state = done ? `done ${rows.n} ${served} ${readErrors(errorsFile).length}` : `${rows.unprocessed} of ${rows.n} unprocessed, ${served} served`;
      } finally {
        db.close();
      }
    } catch {
      // The backend writes while the test reads: ask again.
    }
    // Done twice in a row with nothing new: error records are written just after their transaction.
    if (state.startsWith('done') && state === last) return;
    last = state;
    if (Date.now() > deadline) throw new Error(`Backstage's catalog did not settle in ${deadlineMs} ms (${state}); log: ${server.logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The folder whose node_modules holds the test backend's packages. */
async function backendModules(): Promise<string> {
  const module = (await import(pathToFileURL(path.resolve(__dirname, '../../scripts/backstage/installBackend.mjs')).href)) as { ensureBackstageBackend: () => Promise<string> };
  return module.ensureBackstageBackend();
}

/** The file a Backstage location annotation or target names, relative to the fixtures, or undefined. */
function fixtureFileOf(location: string | undefined, base: string, root: string): string | undefined {
  if (!location) return undefined;
  const target = location.replace(/^(url|file):/, '');
  if (target.startsWith(`${base}/`)) return decodeURIComponent(target.slice(base.length + 1));
  if (path.isAbsolute(target) && target.startsWith(root + path.sep)) return path.relative(root, target).split(path.sep).join('/');
  return undefined;
}

/** Messages compared with the serving URL and the fixture folder written one way. */
function normalized(message: string, base: string, root: string): string {
  return message.split(`${base}/`).join('<repo>/').split(`${root}${path.sep}`).join('<repo>/');
}

interface RepoReport {
  repo: string;
  documents: number;
  ingested: number;
  rejected: number;
  notIngested: number;
  /** Documents whose verdict depends on remote content (a `$text` URL, a remote Location target). */
  remote: number;
  differences: string[];
}

/** What tells apart two documents of one file that define the same ref. */
function fingerprint(entity: { metadata?: { title?: unknown; description?: unknown }; spec?: unknown }): string {
  return JSON.stringify([entity.metadata?.title, entity.metadata?.description, entity.spec]);
}

const REMOTE_CODES = new Set(['placeholder-remote', 'location-remote-target']);

function compare(layout: RepoLayout, catalog: Catalog, backstage: { entities: BackstageEntity[]; errors: ProcessingError[]; base: string }): RepoReport {
  const key = (file: string, ref: string) => `${file} ${ref}`;
  const mine = (file: string | undefined) => file !== undefined && file.startsWith(`${layout.repo}/`);
  const inRepo = (file: string | undefined) => (file ?? '').slice(layout.repo.length + 1);
  const relative = (file: string) => path.relative(layout.dir, file).split(path.sep).join('/');

  // The Locations Backstage generates for registered files are its bookkeeping, not documents.
  const generated = (entity: BackstageEntity) => entity.kind === 'Location' && entity.metadata.name.startsWith('generated-');
  const theirs = new Map<string, DocumentVerdict & { entity: BackstageEntity }>();
  for (const entity of backstage.entities) {
    if (generated(entity)) continue;
    const file = fixtureFileOf(entity.metadata.annotations?.['backstage.io/managed-by-location'], backstage.base, layout.root);
    if (!mine(file)) continue;
    theirs.set(key(inRepo(file), refOf(entity)), { verdict: 'ingested', entity });
  }
  const fileFailures = new Map<string, string>();
  for (const { entity, errors } of backstage.errors) {
    const message = normalized(errors.map((e) => `${e.name}: ${e.message}`).join('; '), backstage.base, layout.root);
    if (generated(entity)) {
      const root = fixtureFileOf(entity.spec?.target, backstage.base, layout.root);
      if (mine(root)) fileFailures.set(inRepo(root), message);
      continue;
    }
    const file = fixtureFileOf(entity.metadata.annotations?.['backstage.io/managed-by-location'], backstage.base, layout.root);
    if (!mine(file)) continue;
    const k = key(inRepo(file), refOf(entity));
    if (theirs.get(k)?.verdict !== 'ingested') theirs.set(k, { verdict: 'rejected', reason: message, entity });
  }

  const problemsByFile = new Map<string, CatalogProblem[]>();
  for (const [file, problems] of catalog.problems()) problemsByFile.set(relative(file), [...problems]);
  const within = (problem: CatalogProblem, record: EntityRecord) => problem.range.start.line >= record.range.start.line && problem.range.start.line <= record.range.end.line;
  const records = catalog.entities().filter((record) => !record.remote);
  const sameKey = new Map<string, EntityRecord[]>();
  for (const record of records) {
    const k = key(relative(record.path), record.key);
    sameKey.set(k, [...(sameKey.get(k) ?? []), record]);
  }

  const differences: string[] = [];
  const counts = { ingested: 0, rejected: 0, notIngested: 0, remote: 0 };
  const describe = (v: DocumentVerdict) => `${v.verdict}${v.reason ? ` (${v.reason})` : ''}`;
  for (const record of records) {
    const file = relative(record.path);
    const k = key(file, record.key);
    const where = (sameKey.get(k)?.length ?? 0) > 1 ? `${k} (document ${record.documentIndex + 1})` : k;
    // Its own verdict, and the verdict once duplicates are settled (a later definition is not ingested).
    let own: DocumentVerdict = { verdict: 'ingested' };
    if (record.failure) own = { verdict: 'rejected', reason: record.failure.message };
    else if (record.notIngested?.failedLocation) own = { verdict: 'rejected', reason: record.notIngested.reason };
    else if (record.notIngested) own = { verdict: 'not ingested' };
    let ours: DocumentVerdict = catalog.entity(record.ref) === record ? own : { verdict: 'not ingested' };

    const found = theirs.get(k);
    let their: DocumentVerdict = found ?? { verdict: 'not ingested' };
    // Of several documents of one file with this ref, Backstage's verdict is about the one it read last.
    if (found && (sameKey.get(k)?.length ?? 0) > 1 && fingerprint(record.entity) !== fingerprint(found.entity)) their = { verdict: 'not ingested' };
    counts[their.verdict === 'not ingested' ? 'notIngested' : their.verdict]++;

    // A document whose fate hangs on remote content Greenroom does not fetch: Backstage either
    // ingests it or fails on one of the URLs Greenroom names as not fetched.
    const remote = (problemsByFile.get(file) ?? []).filter((p) => REMOTE_CODES.has(p.code) && within(p, record));
    if (remote.length > 0 && ours.verdict === 'ingested') {
      counts.remote++;
      const urls = remote.flatMap((p) => p.message.match(/https?:\/\/\S+/g) ?? []);
      // Backstage may name the URL it read rather than the one written (a GitHub blob URL is read raw): the file's last two segments tell.
      const names = (url: string) => their.reason!.includes(url) || their.reason!.includes(new URL(url).pathname.split('/').slice(-2).join('/'));
      if (their.verdict === 'ingested' || (their.verdict === 'rejected' && urls.some(names))) continue;
      differences.push(`${where}: Backstage ${describe(their)}, Greenroom ingested apart from the remote content it names (${urls.join(', ')})`);
      continue;
    }
    // Of definitions in files equally near a registered file, Backstage keeps whichever its parallel
    // processing stores first: the one it kept must get the verdict Greenroom gives it on its own,
    // and the others are not ingested, as Greenroom flags them.
    const rivals = records.filter((other) => other.key === record.key && other.path !== record.path);
    const tied = rivals.some((other) => layout.depth.get(relative(other.path)) === layout.depth.get(file));
    let excused: (problem: CatalogProblem) => boolean = () => false;
    if (tied) {
      const kept = [record, ...rivals].filter((r) => (theirs.get(key(relative(r.path), r.key))?.verdict ?? 'not ingested') !== 'not ingested');
      if (kept.length === 1) {
        ours = kept[0] === record ? own : { verdict: 'not ingested' };
        excused = (problem) => problem.code === 'duplicate-entity';
      }
    }
    if (ours.verdict !== their.verdict) differences.push(`${where}: Backstage ${describe(their)}, Greenroom ${describe(ours)}`);
    else if (their.reason !== undefined && !their.reason.includes(normalized(ours.reason ?? '', backstage.base, layout.root))) {
      differences.push(`${where}: rejected for another reason: Backstage "${their.reason}", Greenroom "${ours.reason}"`);
    }
    // Error severity means Backstage would not ingest it: an ingested document carries no error.
    if (their.verdict === 'ingested') {
      for (const problem of (problemsByFile.get(file) ?? []).filter((p) => p.severity === 'error' && within(p, record) && !excused(p))) {
        differences.push(`${where}: ingested by Backstage, but Greenroom reports an error: ${problem.message}`);
      }
    }
  }
  for (const [k, verdict] of theirs) {
    if (!sameKey.has(k)) differences.push(`${k}: Backstage ${describe(verdict)}, Greenroom does not read it`);
  }
  // A file Backstage cannot read as a whole fails the Location registering it.
  for (const [file, reason] of fileFailures) {
    const errors = (problemsByFile.get(file) ?? []).filter((p) => p.severity === 'error');
    if (!errors.some((p) => reason.includes(normalized(p.message, backstage.base, layout.root)))) {
      differences.push(`${file}: Backstage fails the file (${reason}), Greenroom reports ${errors.map((p) => `"${p.message}"`).join(', ') || 'no error'}`);
    }
  }
  return { repo: layout.repo, documents: records.length, ...counts, differences };
}

/**
 * Ingests each repository folder below `root` into real Backstage backends (one per group of
 * repositories that share no ref) and reads it with Greenroom: one test per repository.
 */
function conformance(root: () => string, repos: string[]): void {
  const reports = new Map<string, RepoReport>();
  let files: { server: Server; base: string } | undefined;
  let work: string | undefined;

  before(async function () {
    this.timeout(600_000);
    work = fs.mkdtempSync(path.join(tmpdir(), 'greenroom-conformance-'));
    const layouts = repos.map((repo) => layoutOf(root(), repo));
    files = await serveFiles(root());
    const kinds = new Set(['Component', 'API', 'System', 'Domain', 'Resource', 'Group', 'User', 'Location', 'Template']);
    for (const layout of layouts) for (const kind of layout.kinds) kinds.add(kind);
    for (const [index, group] of groupsWithoutSharedRefs(layouts).entries()) {
      const errorsFile = path.join(work, `errors-${index}.jsonl`);
      const database = path.join(work, `database-${index}`);
      fs.mkdirSync(database);
      const backend = await startBackstage({
        catalogFiles: [],
        locations: group.flatMap((layout) =>
          layout.roots.map((file) => (layout.registration === 'url' ? { type: 'url', target: `${files!.base}/${layout.repo}/${file}` } : { type: 'file', target: path.join(layout.dir, file) })),
        ),
        processingIntervalSeconds: 2,
        // Started once the first entity is in; settled() then waits for the whole catalog.
        expectedEntities: 1,
        ingestTimeoutMs: 120_000,
        env: { GREENROOM_PROCESSING_ERRORS: errorsFile },
        config: {
          // A file database: many locations at once outlast an in-memory one's single connection.
          backend: { database: { client: 'better-sqlite3', connection: { directory: database } }, reading: { allow: [{ host: new URL(files.base).host }] } },
          // Every kind these repositories define is allowed from any location, as their apps allow them.
          catalog: { rules: [{ allow: [...kinds] }] },
        },
      });
      try {
        const started = Date.now();
        await settled(backend, database, errorsFile, 180_000);
        console.log(`      ${group.map((layout) => layout.repo).join(', ')}: ingested by Backstage in ${Math.round((Date.now() - started + backend.timings.readyMs + backend.timings.ingestMs) / 1000)} s`);
        const entities = await allEntities(backend);
        const errors = readErrors(errorsFile);
        for (const layout of group) {
          const { catalog } = await greenroomCatalog(layout);
          reports.set(layout.repo, compare(layout, catalog, { entities, errors, base: files.base }));
        }
      } finally {
        await backend.stop();
      }
    }
  });

  after(async () => {
    await new Promise((resolve) => files?.server.close(resolve));
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  for (const repo of repos) {
    it(`${repo}: every entity document has Backstage's verdict and reason`, () => {
      const report = reports.get(repo);
      assert.ok(report, `${repo} was not compared`);
      const remote = report.remote > 0 ? ` (${report.remote} hang on remote content Greenroom does not fetch)` : '';
      const summary = `${repo}: ${report.documents} entity documents, ${report.ingested} ingested, ${report.rejected} rejected, ${report.notIngested} not ingested${remote}`;
      if (report.differences.length === 0) console.log(`      ${summary}, same as Backstage`);
      assert.deepEqual(report.differences, [], summary);
    });
  }
}

describe('real-world catalogs: the same verdicts as the real Backstage backend', () => conformance(() => REAL_WORLD, REPOS));

/** Metadata fields written empty or null, each in a file of its own, as people leave them. */
const EMPTY_FIELDS: Record<string, string> = {
  'annotations-empty.yaml': 'annotations:\n',
  'annotations-null.yaml': 'annotations: null\n',
  'annotations-commented.yaml': 'annotations:\n    # backstage.io/techdocs-ref: dir:.\n',
  'annotations-flow-empty.yaml': 'annotations: {}\n',
  'labels-empty.yaml': 'labels:\n',
  'labels-null.yaml': 'labels: ~\n',
  'links-empty.yaml': 'links:\n',
  'links-flow-empty.yaml': 'links: []\n',
  'tags-empty.yaml': 'tags:\n',
  'tags-null.yaml': 'tags: null\n',
  'tags-flow-empty.yaml': 'tags: []\n',
  'trailing-empty-document.yaml': 'title: Ends with ---\n',
};

describe('empty and null metadata fields: the same verdicts as the real Backstage backend', () => {
  let root = '';
  before(() => {
    root = fs.mkdtempSync(path.join(tmpdir(), 'greenroom-empty-fields-'));
    for (const [file, field] of Object.entries(EMPTY_FIELDS)) {
      const name = file.replace(/\.yaml$/, '');
      const trailer = file.startsWith('trailing-') ? '---\n' : '';
      const text = `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  ${field}spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n${trailer}`;
      fs.mkdirSync(path.join(root, 'empty-fields'), { recursive: true });
      fs.writeFileSync(path.join(root, 'empty-fields', file), text);
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  conformance(() => root, ['empty-fields']);
});
