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

function fileFailure(file: CatalogFile): string | undefined {
  const problem = file.problems.find((p) => FILE_FAILURES.has(p.code));
  if (problem) return problem.message;
  // An entity whose envelope is invalid is refused as the Location emits it.
  return file.entities.find((record) => record.failure?.message.startsWith('Entity envelope failed validation'))?.failure?.reason;
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
  for (const file of files.values()) for (const record of file.entities) delete record.notIngested;

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
    const file = files.get(path)!;
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
