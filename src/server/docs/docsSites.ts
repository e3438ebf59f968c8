// TechDocs in the server: the docs site of each workspace entity whose techdocs-ref is `dir:`, read through the
// workspace's files (inside the entity's folder only), its pages rendered, and what mkdocs would warn about.
import * as path from 'node:path';
import type { Catalog } from '../../core/catalog/catalog';
import type { EntityRecord } from '../../core/catalog/catalogFile';
import type { CatalogProblem } from '../../core/catalog/catalogProblem';
import type { CatalogSource } from '../../core/catalog/catalogSource';
import { buildSite, indexPages, isMarkdownPage, readMkdocsConfig, type DocsSite, type MkdocsConfig } from '../../core/techdocs/docsSite';
import { siteProblems } from '../../core/techdocs/docsProblems';
import { renderPage } from '../../core/techdocs/markdownPage';
import { parseYamlFile } from '../../core/language/yamlDocuments';
import { FILE_START } from '../../core/catalog/textRange';
import type { DocsPageResult, DocsSiteResult } from '../../protocol/docsProtocol';

const TECHDOCS_REF = 'backstage.io/techdocs-ref';
/** Pages and files of one site looked at: a docs folder is small; a folder of thousands is cut there. */
const MAX_SITE_FILES = 5_000;

export interface LoadedSite {
  ref: string;
  mkdocsPath: string;
  docsDir: string;
  config: MkdocsConfig;
  site: DocsSite;
  /** Every file of the docs folder, relative and `/`-separated. */
  files: Set<string>;
  /** The Markdown of each page read. */
  texts: Map<string, string>;
}

type Found = { ok: true; site: LoadedSite } | { ok: false; message: string; missing?: boolean };

/** The `dir:` folder a record's techdocs-ref names, relative to its catalog file; undefined for none or another type. */
export function localDocsDir(record: EntityRecord): string | undefined {
  const value = record.entity.metadata?.annotations?.[TECHDOCS_REF];
  if (typeof value !== 'string' || !value.startsWith('dir:') || record.remote) return undefined;
  return path.resolve(path.dirname(record.path), value.slice('dir:'.length).trim() || '.');
}

export class DocsSites {
  constructor(private readonly source: () => { catalog: Catalog; files: CatalogSource }) {}

  /** The entities with local docs, for a picker. */
  entities(): { ref: string; title: string }[] {
    return this.source()
      .catalog.shownEntities()
      .filter((record) => localDocsDir(record) !== undefined)
      .map((record) => ({ ref: record.ref, title: typeof record.entity.metadata.title === 'string' ? record.entity.metadata.title : record.entity.metadata.name }));
  }

  async site(ref: string): Promise<DocsSiteResult> {
    const found = await this.load(ref);
    if (!found.ok) return { ok: false, message: found.message };
    const { site, mkdocsPath, docsDir } = found.site;
    return { ok: true, ref, siteName: site.siteName, mkdocsPath, docsDir, nav: site.nav, pages: site.pages };
  }

  async page(ref: string, page: string, text?: string): Promise<DocsPageResult> {
    const found = await this.load(ref);
    if (!found.ok) return { ok: false, message: found.message };
    const loaded = found.site;
    const wanted = page || loaded.site.pages[0] || 'index.md';
    const markdown = text ?? loaded.texts.get(wanted);
    if (markdown === undefined) return { ok: false, message: `The docs folder has no page ${wanted}.` };
    const rendered = renderPage(wanted, markdown, wanted === loaded.site.pages[0] && /^(index|README)\.md$/i.test(wanted));
    const at = loaded.site.pages.indexOf(wanted);
    const neighbour = (index: number) => {
      const other = loaded.site.pages[index];
      return other === undefined || index < 0 ? undefined : { page: other, title: titleIn(loaded.site.nav, other) ?? other };
    };
    return {
      ok: true,
      page: wanted,
      path: path.join(loaded.docsDir, ...wanted.split('/')),
      title: titleIn(loaded.site.nav, wanted) ?? rendered.title,
      html: rendered.html,
      headings: rendered.headings,
      previous: at > 0 ? neighbour(at - 1) : undefined,
      next: at >= 0 ? neighbour(at + 1) : undefined,
    };
  }

  /** What mkdocs would warn about in every local docs site, and each techdocs-ref naming no site, by file. */
  async problems(): Promise<Map<string, CatalogProblem[]>> {
    const { catalog, files } = this.source();
    const byFile = new Map<string, CatalogProblem[]>();
    const add = (problem: CatalogProblem) => {
      const list = byFile.get(problem.path);
      if (list) list.push(problem);
      else byFile.set(problem.path, [problem]);
    };
    const checked = new Set<string>();
    for (const record of catalog.entities()) {
      const dir = localDocsDir(record);
      if (dir === undefined) continue;
      const found = await this.loadRecord(record);
      if (!found.ok) {
        if (found.missing) add({ path: record.path, range: await annotationRange(files, record), severity: 'warning', code: 'docs-site-missing', message: found.message });
        continue;
      }
      const site = found.site;
      if (checked.has(site.mkdocsPath)) continue;
      checked.add(site.mkdocsPath);
      const links = new Map([...site.texts].map(([page, text]) => [page, renderPage(page, text).links]));
      for (const problem of siteProblems({ mkdocsPath: site.mkdocsPath, docsDir: site.docsDir, config: site.config, files: site.files, links })) add(problem);
    }
    return byFile;
  }

  private async load(ref: string): Promise<Found> {
    const { catalog } = this.source();
    const record = catalog.entity(ref);
    if (!record) return { ok: false, message: `The catalog has no entity ${ref}.` };
    if (localDocsDir(record) === undefined) return { ok: false, message: `${ref} has no local docs: its ${TECHDOCS_REF} annotation is not a dir: reference.` };
    return this.loadRecord(record);
  }

  private async loadRecord(record: EntityRecord): Promise<Found> {
    const { files } = this.source();
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
    return { ok: true, site: { ref: record.ref, mkdocsPath, docsDir: docs.path, config, site, files: new Set(relative), texts } };
  }
}

function titleIn(nav: DocsSite['nav'], page: string): string | undefined {
  for (const item of nav) {
    if (item.page === page) return item.title;
    const inner = item.children ? titleIn(item.children, page) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/** Where the techdocs-ref annotation is written in the record's file. */
async function annotationRange(files: CatalogSource, record: EntityRecord) {
  const read = await files.readFile(record.path);
  if (!read.ok) return record.selectionRange;
  const document = parseYamlFile(read.text).documents[record.documentIndex];
  return document?.rangeOf(['metadata', 'annotations', TECHDOCS_REF]) ?? record.selectionRange ?? FILE_START;
}
