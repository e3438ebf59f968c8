// Who owns a file, for the status bar and Who Owns This File?: the decision of core/catalog/fileOwnership.ts,
// with the workspace folder's repository and CODEOWNERS read here.
import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { Catalog } from '../../core/catalog/catalog';
import { toolLinksOf } from '../../core/catalog/catalogFile';
import { ownerRefOf } from '../../core/catalog/codeOwners';
import { ownerRef } from '../../core/catalog/entityGrouping';
import { decideFileOwner } from '../../core/catalog/fileOwnership';
import { hasPublishedDocs, localDocsDir } from '../../core/techdocs/localSite';
import { FileOwnerRequest, type FileOwner } from '../../protocol/catalogProtocol';
import { entityLink } from './entityPages';
import { CodeOwnersFiles } from '../../sources/codeOwnersFiles';
import { GitRemotes } from '../../sources/gitRemotes';
import type { WorkspaceCatalog } from './workspaceCatalog';
import { isInside } from '../../core/catalog/pathInside';

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

/** Who owns `file` (see decideFileOwner), as the status bar shows it. */
export function fileOwner(catalog: Catalog, file: string, folders: readonly string[], codeOwners: CodeOwnersFiles, gitRemotes: GitRemotes): FileOwner | null {
  const root = folders.filter((folder) => file !== folder && isInside(file, folder)).sort((a, b) => b.length - a.length)[0];
  const decided = decideFileOwner(catalog, file, { root, repository: root ? gitRemotes.repositoryOf(root) : undefined, codeOwners: root ? codeOwners.rulesOf(root) : undefined });
  if (!decided) return null;
  if (decided.rule === 'codeowners') {
    const owner = entityLink(decided.ownerRef ?? ownerRefOf(decided.owners[0]) ?? decided.owners[0], catalog);
    return { owner, rule: 'codeowners', why: decided.why, links: [] };
  }
  const { record } = decided;
  const owner = safe(() => ownerRef(record.entity));
  return {
    entity: entityLink(record.ref, catalog),
    owner: owner ? entityLink(owner, catalog) : undefined,
    rule: decided.rule,
    why: decided.why,
    links: toolLinksOf(record).map((link) => ({ ...link })),
    hasDocs: localDocsDir(record) !== undefined || hasPublishedDocs(record),
  };
}

function safe<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}
