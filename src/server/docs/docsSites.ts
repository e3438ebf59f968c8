// TechDocs in the server: the docs site of each workspace entity whose techdocs-ref is `dir:`, its pages rendered,
// and what mkdocs would warn about; an entity only Backstage has shows the site Backstage publishes.
import * as path from 'node:path';
import type { Catalog } from '../../core/catalog/catalog';
import type { EntityRecord } from '../../core/catalog/catalogFile';
import type { CatalogProblem } from '../../core/catalog/catalogProblem';
import type { CatalogSource } from '../../core/catalog/catalogSource';
import { navTitle } from '../../core/techdocs/docsSite';
import { hasPublishedDocs, localDocsDir, readLocalSite, TECHDOCS_REF, type LocalSite, type LocalSiteResult } from '../../core/techdocs/localSite';
import { siteProblems } from '../../core/techdocs/docsProblems';
import { pageSections, renderPage } from '../../core/techdocs/markdownPage';
import { DocsSearchIndex, type DocsSearchEntry } from '../../core/search/docsSearch';
import { parseYamlFile } from '../../core/language/yamlDocuments';
import { FILE_START, packedRange, type TextRange } from '../../core/catalog/textRange';
import type { DocsEntity, DocsPageResult, DocsSiteResult } from '../../protocol/docsProtocol';
import type { PublishedDocs } from './publishedDocs';
import { isInside } from '../../core/catalog/pathInside';
import { plainAnnotationValue } from '../../core/techdocs/plainAnnotation';
import { slicePause } from '../slices';

export class DocsSites {
  /** Sites read, by catalog file and techdocs-ref, and catalog: a keystroke in a page renders that page, without reading the site again. */
  private readonly read = new Map<string, { catalog: Catalog; site: Promise<LocalSiteResult>; folders: string[] }>();

  constructor(
    private readonly source: () => { catalog: Catalog; files: CatalogSource },
    private readonly published: PublishedDocs,
  ) {}

  /** The search index of the workspace's docs pages, built when first searched after a change. */
  private index: Promise<DocsSearchIndex> | undefined;

  /** Drops the sites read: the catalog's docs folders changed. */
  invalidate(): void {
    this.read.clear();
    this.index = undefined;
  }

  /**
   * Drops the sites read when a changed file may be part of one (inside an entity's docs folder or a site's docs_dir),
   * so that saving any other file keeps the search index.
   */
  filesChanged(paths: readonly string[]): void {
    const folders = [...this.read.values()].flatMap((entry) => entry.folders);
    if (paths.some((changed) => folders.some((folder) => isInside(changed, folder)))) this.invalidate();
  }

  /** Pages and headings of the workspace's docs sites matching `query`. */
  async search(query: string, limit: number): Promise<ReturnType<DocsSearchIndex['search']>> {
    if (!query.trim()) return [];
    const building = (this.index ??= this.buildIndex());
    // A build that failed is not kept: the next search tries again.
    building.catch(() => {
      if (this.index === building) this.index = undefined;
    });
    return (await building).search(query, limit);
  }

  private async buildIndex(): Promise<DocsSearchIndex> {
    const entries: DocsSearchEntry[] = [];
    const indexed = new Set<string>();
    for (const record of this.source().catalog.shownEntities()) {
      if (localDocsDir(record) === undefined) continue;
      const found = await this.loadRecord(record);
      if (!found.ok || indexed.has(found.site.mkdocsPath)) continue;
      indexed.add(found.site.mkdocsPath);
      const { site, texts } = found.site;
      for (const page of site.pages) {
        const text = texts.get(page);
        if (text === undefined) continue;
        // One page that cannot be parsed leaves the others searchable.
        let parsed: ReturnType<typeof pageSections>;
        try {
          parsed = pageSections(page, text, page === site.pages[0] && /^(index|README)\.md$/i.test(page));
        } catch {
          continue;
        }
        const base = { ref: record.ref, siteName: site.siteName, page, pageTitle: navTitle(site.nav, page) ?? parsed.title };
        // The text before the first sub-heading is the page's own; the page's title heading is the page.
        for (const section of parsed.sections) entries.push(section.heading ? { ...base, heading: section.heading, text: section.text } : { ...base, text: section.text });
      }
    }
    return new DocsSearchIndex(entries);
  }

  /** The entities with local docs, then those with docs Backstage publishes, for a picker. */
  entities(): DocsEntity[] {
    const shown = this.source().catalog.shownEntities();
    return [...shown.filter((record) => localDocsDir(record) !== undefined), ...shown.filter(hasPublishedDocs)].map((record) => ({
      ref: record.ref,
      title: typeof record.entity.metadata.title === 'string' ? record.entity.metadata.title : record.entity.metadata.name,
      docsDir: localDocsDir(record),
    }));
  }

  async site(ref: string): Promise<DocsSiteResult> {
    const record = this.source().catalog.entity(ref);
    if (record && hasPublishedDocs(record)) return this.published.site(record);
    const found = await this.load(ref);
    if (!found.ok) return { ok: false, message: found.message };
    const { site, mkdocsPath, docsDir } = found.site;
    return { ok: true, ref, siteName: site.siteName, mkdocsPath, docsDir, nav: site.nav, pages: site.pages };
  }

  async page(ref: string, page: string, text?: string): Promise<DocsPageResult> {
    const record = this.source().catalog.entity(ref);
    if (record && hasPublishedDocs(record)) return this.published.page(record, page);
    const found = await this.load(ref);
    if (!found.ok) return { ok: false, message: found.message };
    const loaded = found.site;
    const wanted = page || loaded.site.pages[0] || 'index.md';
    // Only a page of the docs folder: a name from a page's link is not a path to read or render.
    if (!loaded.texts.has(wanted)) return { ok: false, message: `The docs folder has no page ${wanted}.` };
    const markdown = text ?? loaded.texts.get(wanted)!;
    const rendered = renderPage(wanted, markdown, wanted === loaded.site.pages[0] && /^(index|README)\.md$/i.test(wanted));
    const at = loaded.site.pages.indexOf(wanted);
    const neighbour = (index: number) => {
      const other = loaded.site.pages[index];
      return other === undefined || index < 0 ? undefined : { page: other, title: navTitle(loaded.site.nav, other) ?? other };
    };
    return {
      ok: true,
      page: wanted,
      path: path.join(loaded.docsDir, ...wanted.split('/')),
      title: navTitle(loaded.site.nav, wanted) ?? rendered.title,
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
    const lines = new Map<string, FileLines>();
    const pause = slicePause();
    for (const record of catalog.entities()) {
      const dir = localDocsDir(record);
      if (dir === undefined) continue;
      // After a load every entity's annotation is looked for (a second at 10,000 entities): searches are answered between slices.
      await pause();
      const found = await this.loadRecord(record);
      if (!found.ok) {
        if (found.missing) add({ path: record.path, range: await annotationRange(catalog, files, record, lines), severity: 'warning', code: 'docs-site-missing', message: found.message });
        continue;
      }
      const site = found.site;
      if (checked.has(site.mkdocsPath)) continue;
      checked.add(site.mkdocsPath);
      for (const problem of problemsOfSite(site)) add(problem);
    }
    return byFile;
  }

  private async load(ref: string): Promise<LocalSiteResult> {
    const { catalog } = this.source();
    const record = catalog.entity(ref);
    if (!record) return { ok: false, message: `The catalog has no entity ${ref}.` };
    if (localDocsDir(record) === undefined) return { ok: false, message: `${ref} has no local docs: its ${TECHDOCS_REF} annotation is not a dir: reference.` };
    return this.loadRecord(record);
  }
  private loadRecord(record: EntityRecord): Promise<LocalSiteResult> {
    const { catalog, files } = this.source();
    // Entities of one file naming the same folder share its site: a file of 100 components with `dir:.` reads it once.
    const key = `${record.path}\n${String(record.entity.metadata.annotations?.[TECHDOCS_REF])}`;
    const known = this.read.get(key);
    if (known?.catalog === catalog) return known.site;
    const site = readLocalSite(files, record);
    const folders = [localDocsDir(record)!];
    void site.then((found) => found.ok && folders.push(found.site.docsDir));
    this.read.set(key, { catalog, site, folders });
    return site;
  }
}

/** What mkdocs would warn about in a site, found once per reading of it: a check after lines moved costs no rendering. */
const siteChecks = new WeakMap<LocalSite, readonly CatalogProblem[]>();
function problemsOfSite(site: LocalSite): readonly CatalogProblem[] {
  let found = siteChecks.get(site);
  if (!found) {
    const links = new Map([...site.texts].map(([page, text]) => [page, renderPage(page, text).links]));
    found = siteProblems({ mkdocsPath: site.mkdocsPath, docsDir: site.docsDir, config: site.config, files: site.files, links });
    siteChecks.set(site, found);
  }
  return found;
}

/**
 * Found once per record: every catalog change asks again for every missing site. An edit gives new records to the entities it
 * changed; one that only moves the value along its line keeps the record, and the warning its old columns, until the next.
 * Kept as the range once found, not as the promise of it.
 */
const annotationRanges = new WeakMap<EntityRecord, TextRange | Promise<TextRange>>();

/** A file's text and where its lines start, read once per check: a file of 100 entities may name 100 missing sites. */
type FileLines = Promise<{ text: string; starts: number[] } | undefined>;

/**
 * Where the techdocs-ref annotation is written in the record's file. Only the record's own document is parsed, not
 * its whole file: parsing the file once per missing site kept the server busy for seconds after a load.
 */
function annotationRange(catalog: Catalog, files: CatalogSource, record: EntityRecord, lines: Map<string, FileLines>): Promise<TextRange> {
  const known = annotationRanges.get(record);
  if (known) return Promise.resolve(known);
  const range = (async () => {
    let file = lines.get(record.path);
    if (!file) lines.set(record.path, (file = readLines(catalog, files, record.path)));
    const read = await file;
    if (!read) return record.selectionRange;
    const first = record.range.start.line;
    const text = read.text.slice(read.starts[first] ?? read.text.length, read.starts[record.range.end.line + 1] ?? read.text.length);
    const found = plainAnnotationValue(text, record.entity.metadata.annotations?.[TECHDOCS_REF]) ?? parseYamlFile(text).documents[0]?.rangeOf(['metadata', 'annotations', TECHDOCS_REF]);
    return found ? packedRange(found.start.line + first, found.start.character, found.end.line + first, found.end.character) : (record.selectionRange ?? FILE_START);
  })();
  annotationRanges.set(record, range);
  // A failure stays the promise, as before: whoever asks again hears of it.
  range.then(
    (found) => annotationRanges.set(record, found),
    () => undefined,
  );
  return range;
}

/** The text the record's lines were counted in: an open file's unsaved text, else the file on disk. */
async function readLines(catalog: Catalog, files: CatalogSource, file: string): FileLines {
  let text = catalog.openText(file);
  if (text === undefined) {
    const read = await files.readFile(file);
    if (!read.ok) return undefined;
    text = read.text;
  }
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return { text, starts };
}
