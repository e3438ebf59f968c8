// Who owns a file: the entity whose catalog file is nearest up the folders, else CODEOWNERS.
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { Catalog } from '../../core/catalog/catalog';
import type { EntityRecord } from '../../core/catalog/catalogFile';
import { codeOwnersOf, ownerRefOf } from '../../core/catalog/codeOwners';
import { ownerRef } from '../../core/catalog/entityGrouping';
import { fieldText } from '../../core/catalog/fieldText';
import { sourceFolderOf, type SourceFolder } from '../../core/catalog/sourceLocations';
import { FileOwnerRequest, type EntityPageLink, type FileOwner } from '../../protocol/catalogProtocol';
import { entityLink } from './entityPages';
import { CodeOwnersFiles } from '../../sources/codeOwnersFiles';
import { GitRemotes } from '../../sources/gitRemotes';
import type { WorkspaceCatalog } from './workspaceCatalog';

const CATALOG_INFO_NAMES = ['catalog-info.yaml', 'catalog-info.yml'];

/** Answers `greenroom/fileOwner` from the catalog and the workspace folders' CODEOWNERS files. */
export function registerFileOwnerRequests(connection: Connection, workspace: WorkspaceCatalog, folders: () => readonly string[]): void {
  const codeOwners = new CodeOwnersFiles();
  const gitRemotes = new GitRemotes();
  connection.onRequest(FileOwnerRequest, async ({ uri }) => {
    await workspace.firstLoad;
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? fileOwner(workspace.catalog, parsed.fsPath, folders(), codeOwners, gitRemotes) : null;
  });
}

/**
 * Who owns `file`: the entity its own catalog file defines, else the API that reads it as its
 * definition, else the entity of the nearest catalog-info.yaml in its folder or above (within its
 * workspace folder) unless an entity's source location names a deeper folder of this repository
 * holding the file, else the owners the workspace folder's CODEOWNERS gives it, mapped to the
 * catalog's groups and users.
 */
export function fileOwner(catalog: Catalog, file: string, folders: readonly string[], codeOwners: CodeOwnersFiles, gitRemotes: GitRemotes): FileOwner | null {
  const root = folders.filter((folder) => isInside(file, folder)).sort((a, b) => b.length - a.length)[0];
  const shown = (candidate: string) => (root ? path.relative(root, candidate).split(path.sep).join('/') : candidate);
  if (catalog.isCatalogFile(file)) {
    const claimant = claimantIn(catalog, file);
    if (claimant) return claimed(catalog, claimant, 'catalog-file', `${shown(file)} defines it`);
  }
  // A file an API reads its definition from belongs to that API.
  for (const including of catalog.filesIncluding(file)) {
    const api = catalog.entities().find((record) => record.path === including && !record.remote && fieldText(record.entity.kind) === 'API');
    if (api) return claimed(catalog, api, 'api-definition', `${shown(including)} reads it as ${api.ref}'s definition`);
  }
  let nearest: { record: EntityRecord; catalogFile: string } | undefined;
  for (let folder = path.dirname(file); !nearest; folder = path.dirname(folder)) {
    for (const name of CATALOG_INFO_NAMES) {
      const candidate = path.join(folder, name);
      if (candidate === file || !catalog.isCatalogFile(candidate)) continue;
      const claimant = claimantIn(catalog, candidate);
      if (claimant) {
        nearest = { record: claimant, catalogFile: candidate };
        break;
      }
    }
    if ((root && folder === root) || path.dirname(folder) === folder) break;
  }
  // An entity whose source location names this repository and a folder holding the file, deeper
  // than the nearest catalog-info.yaml's, claims it (a monorepo's components listed in one file).
  const repository = root ? gitRemotes.repositoryOf(root) : undefined;
  const source = repository ? sourceClaimant(catalog, repository, shown(file)) : undefined;
  const nearestFolder = nearest && root ? shown(path.dirname(nearest.catalogFile)) : '';
  if (source && source.record !== nearest?.record && (!nearest || depth(source.folder) > depth(nearestFolder))) {
    return claimed(catalog, source.record, 'source-location', `${source.record.ref}'s source location is ${repository}${source.folder ? `/${source.folder}` : ''}`);
  }
  if (nearest) return claimed(catalog, nearest.record, 'nearest-catalog-info', `${shown(nearest.catalogFile)} is the nearest catalog-info.yaml`);
  if (!root) return null;
  const found = codeOwners.rulesOf(root);
  const rule = found && codeOwnersOf(found.rules, shown(file));
  if (!found || !rule || rule.owners.length === 0) return null;
  const owner = rule.owners.map((written) => ownerInCatalog(catalog, written)).find(Boolean) ?? entityLink(ownerRefOf(rule.owners[0]) ?? rule.owners[0], catalog);
  return { owner, rule: 'codeowners', why: `${found.file} line ${rule.line} (${rule.pattern}) names ${rule.owners.join(', ')}`, links: [] };
}

function claimed(catalog: Catalog, record: EntityRecord, rule: FileOwner['rule'], why: string): FileOwner {
  const owner = safe(() => ownerRef(record.entity));
  return { entity: entityLink(record.ref, catalog), owner: owner ? entityLink(owner, catalog) : undefined, rule, why, links: record.links.map((link) => ({ ...link })) };
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
function ownerInCatalog(catalog: Catalog, written: string): EntityPageLink | undefined {
  const ref = ownerRefOf(written);
  if (ref) return catalog.entity(ref) ? entityLink(ref, catalog) : undefined;
  const email = written.toLowerCase();
  const user = catalog.entitiesOfKind('user').find((record) => fieldText((record.entity.spec as { profile?: { email?: unknown } } | undefined)?.profile?.email).toLowerCase() === email);
  return user ? entityLink(user.ref, catalog) : undefined;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function safe<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}
