// Backstage's own verdicts on workspace files: what its processing recorded for an entity it has, what the
// registered location reading a file reports, and what its validate-entity endpoint answers for an entity it
// does not have.
import type { Entity } from '@backstage/catalog-model';
import { URI } from 'vscode-uri';
import type { CatalogFile, EntityRecord } from '../catalog/catalogFile';
import type { CatalogProblem } from '../catalog/catalogProblem';
import { FILE_START } from '../catalog/textRange';

/** An entity's version that Backstage's validate-entity endpoint refused, with its words. */
export interface BackstageRejection {
  baseUrl: string;
  path: string;
  key: string;
  /** The entity as asked about (`entityFingerprint`): an edit since makes the answer stale, and it is not shown. */
  fingerprint: string;
  errors: string[];
  /** When Backstage answered, as an ISO time. */
  at: string;
}

/** An entity of a file Backstage reads that Backstage does not have: what to ask validate-entity. */
export interface BackstageQuestion {
  baseUrl: string;
  path: string;
  key: string;
  ref: string;
  entity: Entity;
  /** The location ref sent along (`url:…`: the endpoint takes no other type). */
  locationRef: string;
  fingerprint: string;
}

/**
 * How Backstage's location refs may name a workspace file, in `locationKey`'s form: `file:<path>` (Backstage's
 * file locations), and where its folder is a Git clone, `repo:<host>/<owner>/<repository>:<path in it>`.
 */
export type LocationRefsOf = (path: string) => readonly string[];

const fileLocationRefs: LocationRefsOf = (path) => [`file:${path}`];

/** What Backstage reports in its words is untrusted text: one line, no control characters, bounded. */
const MAX_MESSAGE = 1_000;

/** The error items of an entity's status, as Backstage words them (`InputError: …`). */
export function processingErrors(entity: Entity): string[] {
  const items = (entity as { status?: { items?: unknown } }).status?.items;
  if (!Array.isArray(items)) return [];
  return items
    .filter((item): item is { level: string; message: unknown } => typeof item === 'object' && item !== null && (item as { level?: unknown }).level === 'error')
    .map((item) => cleanMessage(item.message));
}

export function entityFingerprint(entity: Entity): string {
  return JSON.stringify(entity);
}

/** The problems Backstage's verdicts put on workspace files (none while no Backstage instance is connected). */
export function backstageProblems(
  files: Iterable<CatalogFile>,
  remotes: Iterable<CatalogFile>,
  rejections: readonly BackstageRejection[],
  locationRefsOf: LocationRefsOf = fileLocationRefs,
): CatalogProblem[] {
  const views = [...remotes].map(viewOf);
  if (views.length === 0) return [];
  const rejected = new Map(rejections.map((rejection) => [`${rejection.baseUrl}\n${rejection.path}\n${rejection.key}`, rejection]));
  const problems: CatalogProblem[] = [];
  for (const file of files) {
    if (file.remote) continue;
    const refs = locationRefsOf(file.path);
    for (const view of views) {
      for (const location of refs.flatMap((ref) => view.locations.get(ref)?.records ?? [])) {
        // A Location the workspace defines shows its errors on its own document, below.
        if (file.entities.some((record) => record.key === location.key)) continue;
        for (const error of processingErrors(location.entity)) {
          problems.push({
            path: file.path,
            range: FILE_START,
            severity: 'error',
            code: 'backstage-location-error',
            message: `Backstage at ${view.baseUrl} could not read this file through its location ${location.ref} (${seen(location)}): ${error}`,
          });
        }
      }
      for (const record of file.entities) {
        const copy = view.byKey.get(record.key);
        if (copy) {
          for (const error of processingErrors(copy.entity)) {
            problems.push({
              path: file.path,
              range: record.selectionRange,
              severity: 'error',
              code: 'backstage-processing-error',
              message: `Backstage at ${view.baseUrl} could not process ${record.ref} and serves the version it processed last (${seen(copy)}): ${error}`,
            });
          }
          continue;
        }
        const rejection = rejected.get(`${view.baseUrl}\n${file.path}\n${record.key}`);
        if (!rejection || rejection.fingerprint !== entityFingerprint(record.entity)) continue;
        for (const error of rejection.errors) {
          problems.push({
            path: file.path,
            range: record.selectionRange,
            severity: 'error',
            code: 'backstage-rejects',
            message: `Backstage at ${view.baseUrl} does not have ${record.ref}, and its validate-entity endpoint rejects it (${when(rejection.at)}): ${error}`,
          });
        }
      }
    }
  }
  return problems;
}

/**
 * The entities worth asking validate-entity about: in a file a connected Backstage reads (a location of its
 * names the file, or one of its entities came from it), absent from that Backstage, and accepted by
 * Backstage's rules as Greenroom applies them (a refused one already has Backstage's words on it).
 */
export function backstageQuestions(files: Iterable<CatalogFile>, remotes: Iterable<CatalogFile>, locationRefsOf: LocationRefsOf = fileLocationRefs): BackstageQuestion[] {
  const views = [...remotes].map(viewOf);
  if (views.length === 0) return [];
  const questions: BackstageQuestion[] = [];
  for (const file of files) {
    if (file.remote) continue;
    const refs = locationRefsOf(file.path);
    for (const view of views) {
      const key = refs.find((ref) => view.locations.has(ref) || view.managed.has(ref));
      if (!key) continue;
      const covering = view.locations.get(key)?.written ?? view.managed.get(key)!;
      for (const record of file.entities) {
        // A Location would be followed by the endpoint's processing: its targets are not this question's.
        if (record.failure || record.notIngested || view.byKey.has(record.key) || record.entity.kind === 'Location') continue;
        const locationRef = covering.startsWith('url:') ? covering : `url:${URI.file(file.path).toString()}`;
        questions.push({ baseUrl: view.baseUrl, path: file.path, key: record.key, ref: record.ref, entity: record.entity, locationRef, fingerprint: entityFingerprint(record.entity) });
      }
    }
  }
  return questions;
}

interface RemoteView {
  baseUrl: string;
  byKey: Map<string, EntityRecord>;
  /** Location entities by each target's location ref (`locationKey`), with the ref as Backstage wrote it. */
  locations: Map<string, { records: EntityRecord[]; written: string }>;
  /** The location refs Backstage read its entities from (`backstage.io/managed-by-location`), by `locationKey`. */
  managed: Map<string, string>;
}

/** A remote catalog's view is built once per version of it: workspace edits ask again, Backstage loads seldom. */
const viewCache = new WeakMap<CatalogFile, RemoteView>();

function viewOf(file: CatalogFile): RemoteView {
  let view = viewCache.get(file);
  if (view) return view;
  view = { baseUrl: file.remote?.baseUrl ?? file.path, byKey: new Map(), locations: new Map(), managed: new Map() };
  for (const record of file.entities) {
    if (!view.byKey.has(record.key)) view.byKey.set(record.key, record);
    const managedBy = record.entity.metadata?.annotations?.['backstage.io/managed-by-location'];
    if (typeof managedBy === 'string') view.managed.set(locationKey(managedBy), managedBy);
    if (record.entity.kind !== 'Location') continue;
    const spec = (record.entity.spec ?? {}) as { type?: unknown; target?: unknown; targets?: unknown };
    const type = typeof spec.type === 'string' ? spec.type : typeof managedBy === 'string' ? managedBy.slice(0, managedBy.indexOf(':')) : 'url';
    const targets = [spec.target, ...(Array.isArray(spec.targets) ? (spec.targets as unknown[]) : [])].filter((target): target is string => typeof target === 'string');
    for (const target of targets) {
      const written = `${type}:${target}`;
      const key = locationKey(written);
      const entry = view.locations.get(key);
      if (entry) entry.records.push(record);
      else view.locations.set(key, { records: [record], written });
    }
  }
  viewCache.set(file, view);
  return view;
}

/**
 * A location ref in the form workspace files are named by (`LocationRefsOf`): a `file:` ref as it is, and a
 * `url:` ref to a file in a Git host's repository as `repo:<host>/<owner>/<repository>:<path in it>`, whatever
 * branch it names (GitHub's and Bitbucket's `/blob/`, `/tree/`, `/src/`, `/raw/`, GitLab's `/-/blob/`).
 */
export function locationKey(ref: string): string {
  if (!ref.startsWith('url:')) return ref;
  let url: URL;
  try {
    url = new URL(ref.slice(4));
  } catch {
    return ref;
  }
  const parts = url.pathname.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  const gitlab = parts.indexOf('-');
  // Repositories as repositoryOfRemote names a clone's: host, owner and name, lower-cased.
  if (gitlab === 2 && ['blob', 'tree', 'raw'].includes(parts[gitlab + 1]) && parts.length > gitlab + 3) {
    return `repo:${`${url.hostname}/${parts[0]}/${parts[1]}`.toLowerCase()}:${parts.slice(gitlab + 3).join('/')}`;
  }
  if (parts.length > 4 && ['blob', 'tree', 'src', 'raw'].includes(parts[2])) {
    return `repo:${`${url.hostname}/${parts[0]}/${parts[1]}`.toLowerCase()}:${parts.slice(4).join('/')}`;
  }
  return ref;
}

function seen(record: EntityRecord): string {
  return record.remote ? `as read ${when(record.remote.readAt)}` : 'as read';
}

/** An ISO time as people read it in a message: `2026-12-06 08:50 UTC`. */
function when(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function cleanMessage(value: unknown): string {
  const text = (typeof value === 'string' ? value : JSON.stringify(value) ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
