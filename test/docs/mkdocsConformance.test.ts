import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { buildSite, indexPages, readMkdocsConfig, type NavItem } from '../../src/core/techdocs/docsSite';
import { renderPage } from '../../src/core/techdocs/markdownPage';

// Greenroom's docs preview against real mkdocs (Debian's package): the same pages, the same nav titles in the
// same order, and the same heading anchor ids, on the TechDocs sites of Backstage's software templates and
// on a site that uses every Markdown extension techdocs-core enables.

const FIXTURES = path.resolve(__dirname, '../fixtures/techdocs');
/** The Markdown extensions of techdocs-core that Debian's packages provide (its plugin itself is not packaged). */
const TECHDOCS_EXTENSIONS = [
  'admonition',
  'abbr',
  'attr_list',
  'def_list',
  'footnotes',
  'tables',
  { toc: { permalink: true } },
  'pymdownx.details',
  'pymdownx.superfences',
  'pymdownx.tabbed',
  'pymdownx.tasklist',
];
/** Values for the templates' placeholders, as a scaffolder run would fill them in. */
const VALUES: Record<string, string> = { component_id: 'payments-api', description: 'Takes card payments', name: 'payments-api' };

interface MkdocsNav {
  title: string;
  page?: string;
  url?: string;
  children?: MkdocsNav[];
}
interface MkdocsSite {
  nav: MkdocsNav[];
  pages: Record<string, { title: string; anchors: string[] }>;
}

describe('TechDocs preview conformance with mkdocs', function () {
  this.timeout(120_000);
  let work: string;

  before(async function () {
    this.timeout(10 * 60_000);
    const { ensureAptPackages } = (await import(path.resolve(__dirname, '../../scripts/vscode/aptPackages.mjs'))) as { ensureAptPackages: (names: string[]) => void };
    ensureAptPackages(['mkdocs', 'python3-pymdownx']);
    work = mkdtempSync(path.join(tmpdir(), 'greenroom-mkdocs-'));
  });
  after(() => work && rmSync(work, { recursive: true, force: true }));

  /** Copies a site, fills in template values, and builds it with mkdocs and techdocs-core's extensions. */
  function buildWithMkdocs(name: string, source: string, change?: (config: Record<string, unknown>) => void): { folder: string; site: MkdocsSite } {
    const folder = path.join(work, name);
    cpSync(source, folder, { recursive: true });
    for (const file of [path.join(folder, 'mkdocs.yml'), ...listFiles(path.join(folder, 'docs')).map((page) => path.join(folder, 'docs', page))]) {
      if (!file.endsWith('.md') && !file.endsWith('.yml')) continue;
      writeFileSync(file, fillValues(readFileSync(file, 'utf8')));
    }
    const config = parse(readFileSync(path.join(folder, 'mkdocs.yml'), 'utf8')) as Record<string, unknown>;
    change?.(config);
    writeFileSync(path.join(folder, 'mkdocs.yml'), stringify(config));
    // Greenroom reads the site's own mkdocs.yml; mkdocs gets the same with the extensions and the dump hook.
    const build = { ...config, plugins: ['search'], markdown_extensions: TECHDOCS_EXTENSIONS, hooks: [path.resolve(__dirname, 'mkdocsDump.py')] };
    writeFileSync(path.join(folder, 'mkdocs.build.yml'), stringify(build));
    const dump = path.join(folder, 'mkdocs.json');
    const run = spawnSync('mkdocs', ['build', '--quiet', '--config-file', 'mkdocs.build.yml', '--site-dir', path.join(folder, 'site')], {
      cwd: folder,
      encoding: 'utf8',
      env: { ...process.env, GREENROOM_MKDOCS_DUMP: dump },
    });
    assert.equal(run.status, 0, `mkdocs build of ${name} failed: ${run.stderr}`);
    return { folder, site: JSON.parse(readFileSync(dump, 'utf8')) as MkdocsSite };
  }

  /** The same site as Greenroom's preview reads it. */
  function readWithGreenroom(folder: string) {
    const config = readMkdocsConfig(readFileSync(path.join(folder, 'mkdocs.yml'), 'utf8'));
    const docs = path.join(folder, config.docsDir);
    const files = listFiles(docs);
    const text = (page: string) => readFileSync(path.join(docs, page), 'utf8');
    const site = buildSite(config, indexPages(files), text);
    const pages = Object.fromEntries(indexPages(files).map((page) => [page, renderPage(page, text(page), page === 'index.md').headings.map((heading) => heading.id)]));
    return { site, pages };
  }

  function assertSame(name: string, source: string, change?: (config: Record<string, unknown>) => void): void {
    const mkdocs = buildWithMkdocs(name, source, change);
    const greenroom = readWithGreenroom(mkdocs.folder);
    assert.deepEqual(Object.keys(greenroom.pages).sort(), Object.keys(mkdocs.site.pages).sort(), `${name}: the same pages`);
    assert.deepEqual(navOf(greenroom.site.nav), navOf(mkdocs.site.nav), `${name}: the same nav titles, in the same order`);
    for (const [page, anchors] of Object.entries(greenroom.pages)) {
      assert.deepEqual(anchors, mkdocs.site.pages[page].anchors, `${name}: the same heading ids on ${page}`);
    }
  }

  for (const template of readdirSync(path.join(FIXTURES, 'skeletons')).sort()) {
    it(`reads the docs of Backstage's ${template} template as mkdocs builds them`, () => {
      assertSame(template, path.join(FIXTURES, 'skeletons', template));
    });
  }

  it("orders and titles pages as mkdocs does without a nav (Backstage's documentation templates)", () => {
    assertSame('documentation-templates', path.join(FIXTURES, 'documentation-templates'));
  });

  it('reads a site using every extension techdocs-core enables: the same nav, pages and anchors', () => {
    assertSame('everything', path.join(FIXTURES, 'everything'));
  });

  it('derives the nav of the same site from its folders when mkdocs.yml has none, as mkdocs does', () => {
    assertSame('everything-no-nav', path.join(FIXTURES, 'everything'), (config) => delete config.nav);
  });
});

function fillValues(text: string): string {
  return text.replace(/\$\{\{\s*values\.(\w+)(?:\s*\|\s*dump)?\s*\}\}|\{\{\s*cookiecutter\.(\w+)(?:\s*\|\s*jsonify)?\s*\}\}/g, (_, value?: string, cookie?: string) => VALUES[value ?? cookie ?? ''] ?? '');
}

/** Files under a folder, relative and `/`-separated. */
function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** A nav as titles and targets only, the shape both sides share. */
function navOf(items: readonly (NavItem | MkdocsNav)[]): unknown[] {
  return items.map((item) => (item.children ? { title: item.title, children: navOf(item.children) } : { title: item.title, target: item.page ?? item.url }));
}
