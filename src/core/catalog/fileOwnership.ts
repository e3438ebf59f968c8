// Who owns a file of the workspace: one decision for the status bar, Who Owns This File? and the who_owns agent tool.
import * as path from 'node:path';
import type { Catalog } from './catalog';
import type { EntityRecord } from './catalogFile';
import { codeOwnersOf, ownerRefOf, type CodeOwnersRule } from './codeOwners';
import { fieldText } from './fieldText';
import { sourceFolderOf, type SourceFolder } from './sourceLocations';

const CATALOG_INFO_NAMES = ['catalog-info.yaml', 'catalog-info.yml'];

/** What the decision needs beyond the catalog, read by the caller: the workspace folder, its repository, its CODEOWNERS. */
export interface OwnershipContext {
  /** The workspace folder holding the file. */
  root?: string;
  /** The folder's repository (`host/owner/repo`), from its Git origin. */
  repository?: string;
  codeOwners?: { file: string; rules: CodeOwnersRule[] };
}

export type OwnershipRule = 'catalog-file' | 'api-definition' | 'source-location' | 'nearest-catalog-info' | 'codeowners';

export type Ownership =
  | { rule: Exclude<OwnershipRule, 'codeowners'>; record: EntityRecord; why: string; catalogFile?: string }
  /** `ownerRef`: the first CODEOWNERS owner the catalog has (a group, a user, or a user by email). */
  | { rule: 'codeowners'; owners: string[]; ownerRef?: string; why: string };

/**
 * Who owns `file`: the entity its own catalog file defines, else the API that reads it as its
 * definition, else the entity of the nearest catalog-info.yaml in its folder or above (within its
 * workspace folder) unless an entity's source location names a deeper folder of this repository
 * holding the file, else the owners the workspace folder's CODEOWNERS gives it.
 */
export function decideFileOwner(catalog: Catalog, file: string, context: OwnershipContext): Ownership | undefined {
  const { root, repository } = context;
  const shown = (candidate: string) => (root ? path.relative(root, candidate).split(path.sep).join('/') : candidate);
  if (catalog.isCatalogFile(file)) {
    const claimant = claimantIn(catalog, file);
    if (claimant) return { rule: 'catalog-file', record: claimant, why: `${shown(file)} defines it`, catalogFile: file };
  }
  // A file an API reads its definition from belongs to that API.
  for (const including of catalog.filesIncluding(file)) {
    const api = catalog.entities().find((record) => record.path === including && !record.remote && fieldText(record.entity.kind) === 'API');
    if (api) return { rule: 'api-definition', record: api, why: `${shown(including)} reads it as ${api.ref}'s definition`, catalogFile: including };
  }
  let nearest: { record: EntityRecord; catalogFile: string } | undefined;
  // From the path itself: a folder's own catalog-info.yaml is the nearest (a file has none below it).
  for (let folder = file; !nearest; folder = path.dirname(folder)) {
    for (const name of CATALOG_INFO_NAMES) {
      const candidate = path.join(folder, name);
      if (candidate === file || !catalog.isCatalogFile(candidate)) continue;
      const claimant = claimantIn(catalog, candidate);
      if (claimant) {
        nearest = { record: claimant, catalogFile: candidate };
        break;
      }
    }
    if ((root && (folder === root || !folder.startsWith(root))) || path.dirname(folder) === folder) break;
  }
  // An entity whose source location names this repository and a folder holding the file, deeper
  // than the nearest catalog-info.yaml's, claims it (a monorepo's components listed in one file).
  const source = repository && root ? sourceClaimant(catalog, repository, shown(file)) : undefined;
  const nearestFolder = nearest && root ? shown(path.dirname(nearest.catalogFile)) : '';
  if (source && source.record !== nearest?.record && (!nearest || depth(source.folder) > depth(nearestFolder))) {
    return { rule: 'source-location', record: source.record, why: `${source.record.ref}'s source location is ${repository}${source.folder ? `/${source.folder}` : ''}` };
  }
  if (nearest) return { rule: 'nearest-catalog-info', record: nearest.record, why: `${shown(nearest.catalogFile)} is the nearest catalog-info.yaml`, catalogFile: nearest.catalogFile };
  const found = root ? context.codeOwners : undefined;
  const rule = found && codeOwnersOf(found.rules, shown(file));
  if (!found || !rule || rule.owners.length === 0) return undefined;
  return {
    rule: 'codeowners',
    owners: rule.owners,
    ownerRef: rule.owners.map((written) => ownerInCatalog(catalog, written)).find(Boolean),
    why: `${found.file} line ${rule.line} (${rule.pattern}) names ${rule.owners.join(', ')}`,
  };
}

/** Each record's source folder, read from its annotations once: records that did not change are kept. */
const sourceFolders = new WeakMap<EntityRecord, SourceFolder | null>();

/** The entity whose source location names `repository` and the deepest folder holding `relative`. */
function sourceClaimant(catalog: Catalog, repository: string, relative: string): { record: EntityRecord; folder: string } | undefined {
  let best: { record: EntityRecord; folder: string } | undefined;
  for (const record of catalog.shownEntities()) {
    let source = sourceFolders.get(record);
    if (source === undefined) {
      const annotations = (record.entity.metadata?.annotations ?? {}) as Record<string, unknown>;
      const written = annotations['backstage.io/source-location'] ?? annotations['backstage.io/managed-by-location'];
      source = (fieldText(record.entity.kind) !== 'Location' && typeof written === 'string' && sourceFolderOf(written)) || null;
      sourceFolders.set(record, source);
    }
    if (!source || source.repository !== repository) continue;
    const holds = source.folder === '' || relative === source.folder || relative.startsWith(`${source.folder}/`);
    if (holds && (!best || depth(source.folder) > depth(best.folder))) best = { record, folder: source.folder };
  }
  return best;
}

function depth(folder: string): number {
  return folder === '' ? 0 : folder.split('/').length;
}

/** The entity a catalog file stands for: its first Component, else its first entity that is not a Location. */
function claimantIn(catalog: Catalog, file: string): EntityRecord | undefined {
  const records = catalog.entities().filter((record) => record.path === file && !record.remote && fieldText(record.entity.kind) !== 'Location');
  return records.find((record) => record.entity.kind === 'Component') ?? records[0];
}

/** A CODEOWNERS owner as the catalog has it: `@org/team` a group, `@user` a user, an email a user with that email. */
function ownerInCatalog(catalog: Catalog, written: string): string | undefined {
  const ref = ownerRefOf(written);
  if (ref) return catalog.entity(ref) ? ref : undefined;
  const email = written.toLowerCase();
  return catalog.entitiesOfKind('user').find((record) => fieldText((record.entity.spec as { profile?: { email?: unknown } } | undefined)?.profile?.email).toLowerCase() === email)?.ref;
}
