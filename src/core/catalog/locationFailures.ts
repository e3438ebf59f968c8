import type { CatalogFile, LocationTarget } from './catalogFile';
import type { CatalogProblem, ProblemCode } from './catalogProblem';

/** Where one Location target led: the files it matched, and Backstage's reason when it failed. */
export interface FollowedTarget {
  target: LocationTarget;
  matches: readonly string[];
  failure?: string;
}

/**
 * Problems Backstage's parser reports on the Location that reads the file, not on an entity: one
 * of them fails that Location.
 */
const FILE_FAILURES = new Set<ProblemCode>(['yaml-syntax', 'not-an-entity', 'file-unreadable', 'file-too-large', 'entity-unreadable']);

/** Why Backstage's parser fails the Location reading `file`, if it does. */
export function fileFailure(file: CatalogFile): string | undefined {
  const problem = file.problems.find((p) => FILE_FAILURES.has(p.code));
  if (problem) return problem.message;
  // An entity whose envelope is invalid is refused as the Location emits it.
  return file.entities.find((record) => record.failure?.message.startsWith('Entity envelope failed validation'))?.failure?.reason;
}

/**
 * Which roots Backstage registers on their own, and each file's distance in Location hops from one.
 * A root file that a Location names (a plugin's catalog-info.yaml listed by the repository's root
 * Location) is ingested through that Location, not on its own, so it shares that Location's fate. A
 * root reachable only through a cycle of Locations counts as registered. Backstage ingests the
 * entities of nearer files first, and of two definitions of a ref the first ingested stays.
 */
export function registeredRoots(roots: ReadonlySet<string>, followed: ReadonlyMap<string, readonly FollowedTarget[]>): { registered: Set<string>; depth: Map<string, number> } {
  const named = new Set<string>();
  for (const [file, targets] of followed) for (const { matches } of targets) for (const match of matches) if (match !== file) named.add(match);
  const registered = new Set<string>();
  const depth = new Map<string, number>();
  const walk = (starts: string[]) => {
    const queue = [...starts];
    for (const start of starts) depth.set(start, 0);
    // An index, not shift(): a Location may name 10,000 files.
    for (let next = 0; next < queue.length; next++) {
      const file = queue[next];
      for (const { matches } of followed.get(file) ?? []) {
        for (const match of matches) {
          if (depth.has(match)) continue;
          depth.set(match, depth.get(file)! + 1);
          queue.push(match);
        }
      }
    }
  };
  const sorted = [...roots].sort();
  for (const root of sorted) if (!named.has(root)) registered.add(root);
  walk([...registered]);
  for (const root of sorted) {
    if (depth.has(root)) continue;
    registered.add(root);
    walk([root]);
  }
  return { registered, depth };
}

/**
 * Marks what Backstage would not ingest although each entity passes its own checks. Backstage
 * processes a Location as one step: when one of its targets is missing, refused or holds a document
 * it cannot parse, the Location fails and none of its targets' entities (nor those below them) are
 * ingested. A root file counts as the target of the Location that registers it. Everything stays
 * shown; the failing Location gets an error saying why, and the entities under it a note.
 */
export function markLocationFailures(files: ReadonlyMap<string, CatalogFile>, roots: ReadonlySet<string>, followed: ReadonlyMap<string, readonly FollowedTarget[]>): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const ingested = new Set<string>();
  const notIngested = new Map<string, string>();
  // Deleted only where set: a delete turns an object into a slow dictionary, and every record passes here at each update.
  for (const file of files.values()) for (const record of file.entities) if (record.notIngested) delete record.notIngested;

  const queue: string[] = [];
  for (const root of roots) {
    const file = files.get(root);
    if (!file) continue;
    const failure = fileFailure(file);
    if (failure) notIngested.set(root, `Backstage ingests nothing from this file: ${failure}`);
    else if (!ingested.has(root)) {
      ingested.add(root);
      queue.push(root);
    }
  }
  while (queue.length > 0) {
    const path = queue.shift()!;
    // A file a Location names that was never read as one (a skipped skeleton, say) holds nothing it could ingest.
    const file = files.get(path);
    if (!file) continue;
    const targets = followed.get(path) ?? [];
    for (const location of file.entities) {
      if (location.entity.kind !== 'Location' || location.failure) continue;
      const own = targets.filter(({ target }) => target.documentIndex === location.documentIndex);
      const failure = own.map(({ failure, matches }) => failure ?? matches.map((match) => files.get(match)).map((match) => match && fileFailure(match)).find(Boolean)).find(Boolean);
      const matches = own.flatMap(({ matches }) => matches);
      if (failure) {
        location.notIngested = { reason: failure, failedLocation: true };
        problems.push({ path, range: location.selectionRange, severity: 'error', code: 'location-failed', message: `Backstage rejects this Location, and ingests none of the entities its targets hold: ${failure}` });
        for (const match of matches) if (!notIngested.has(match)) notIngested.set(match, `not ingested: Location ${location.ref} fails (${failure})`);
        continue;
      }
      for (const match of matches) {
        if (ingested.has(match)) continue;
        ingested.add(match);
        queue.push(match);
      }
    }
  }
  for (const [path, file] of files) {
    if (ingested.has(path) || !notIngested.has(path)) continue;
    for (const record of file.entities) record.notIngested ??= { reason: notIngested.get(path)!, failedLocation: false };
  }
  return problems;
}
