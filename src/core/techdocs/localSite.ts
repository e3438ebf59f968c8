// An entity's local TechDocs site, read through a catalog source (so inside the entity's workspace folder only):
// its `dir:` techdocs-ref, mkdocs.yml, the docs folder's files and its pages' Markdown.
import * as path from 'node:path';
import type { EntityRecord } from '../catalog/catalogFile';
import type { CatalogSource } from '../catalog/catalogSource';
import { buildSite, indexPages, isMarkdownPage, readMkdocsConfig, type DocsSite, type MkdocsConfig } from './docsSite';

export const TECHDOCS_REF = 'backstage.io/techdocs-ref';
/** Pages and files of one site looked at: a docs folder is small; a folder of thousands is cut there. */
const MAX_SITE_FILES = 5_000;

export interface LocalSite {
  mkdocsPath: string;
  docsDir: string;
  config: MkdocsConfig;
  site: DocsSite;
  /** Every file of the docs folder, relative and `/`-separated. */
  files: Set<string>;
  /** The Markdown of each page read. */
  texts: Map<string, string>;
}

/** A site, or why there is none; `missing`: the techdocs-ref names no mkdocs.yml (a problem on the catalog file). */
export type LocalSiteResult = { ok: true; site: LocalSite } | { ok: false; message: string; missing?: boolean };

/** The `dir:` folder a record's techdocs-ref names, relative to its catalog file; undefined for none or another type. */
export function localDocsDir(record: EntityRecord): string | undefined {
  const value = record.entity.metadata?.annotations?.[TECHDOCS_REF];
  if (typeof value !== 'string' || !value.startsWith('dir:') || record.remote) return undefined;
  return path.resolve(path.dirname(record.path), value.slice('dir:'.length).trim() || '.');
}

export async function readLocalSite(files: CatalogSource, record: EntityRecord): Promise<LocalSiteResult> {
  const root = localDocsDir(record)!;
  const written = String(record.entity.metadata.annotations?.[TECHDOCS_REF]);
  let mkdocsPath: string | undefined;
  let configText: string | undefined;
  for (const name of ['mkdocs.yml', 'mkdocs.yaml']) {
    const resolved = await files.resolve(record.path, path.join(root, name));
    if (!resolved.ok) return { ok: false, message: `${written} leads outside the workspace folder; its docs are not read`, missing: true };
    const read = await files.readFile(resolved.path);
    if (read.ok) {
      mkdocsPath = resolved.path;
      configText = read.text;
      break;
    }
  }
  if (mkdocsPath === undefined || configText === undefined) {
    return { ok: false, message: `${written} names a folder with no mkdocs.yml (${path.relative(path.dirname(record.path), root) || '.'}); TechDocs cannot build these docs`, missing: true };
  }
  const config = readMkdocsConfig(configText);
  const docs = await files.resolve(mkdocsPath, path.resolve(path.dirname(mkdocsPath), config.docsDir));
  if (!docs.ok) return { ok: false, message: `The docs_dir of ${mkdocsPath} leads outside the workspace folder; its pages are not read` };
  const listed = await files.glob(mkdocsPath, path.join(docs.path, '**', '*'));
  const relative = listed.files.slice(0, MAX_SITE_FILES).map((file) => path.relative(docs.path, file).split(path.sep).join('/'));
  const texts = new Map<string, string>();
  await Promise.all(
    indexPages(relative).map(async (page) => {
      const read = await files.readFile(path.join(docs.path, ...page.split('/')));
      if (read.ok) texts.set(page, read.text);
    }),
  );
  const pages = relative.filter((file) => isMarkdownPage(file) && texts.has(file));
  const site = buildSite(config, pages, (page) => texts.get(page));
  return { ok: true, site: { mkdocsPath, docsDir: docs.path, config, site, files: new Set(relative), texts } };
}

/** A Backstage-only entity with a techdocs-ref: Backstage's TechDocs backend serves its site, whatever the ref names. */
export function hasPublishedDocs(record: EntityRecord): boolean {
  const value = record.entity.metadata?.annotations?.[TECHDOCS_REF];
  return !!record.remote && typeof value === 'string' && value.trim() !== '';
}
