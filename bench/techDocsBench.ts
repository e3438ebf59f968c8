// TechDocs through the catalog server over stdio, as the docs viewer asks for them, on a generated workspace of ten
// 100-page docs sites (1,000 pages, one of them 2,000 lines long), with the same pages built by mkdocs in the same run:
// - re-render after a keystroke: `greenroom/docsPage` with the page's unsaved Markdown, which is what the viewer sends
//   while the page is typed in (the server renders it; the site is not read again), on the 2,000-line page;
// - opening a site: `greenroom/docsSite` then `greenroom/docsPage` for its first page, right after a file of the
//   site changed (an image, so that the server drops the sites it read without starting a docs check): mkdocs.yml,
//   the docs folder and every page are read again, the nav is built and the first page rendered;
// - indexing: the first `greenroom/docsSearch` after such a change, which reads the ten sites, renders their 1,000
//   pages for titles and headings and builds the docs search index (core/search/docsSearch.ts), then answers.
// The peer is `mkdocs build` (Debian's package) of the same pages, as a command, Python's start included: a site
// of the 2,000-line page alone (the least mkdocs rebuilds when a page is saved), one 100-page site, and the 1,000
// pages as one site. Ratios are Greenroom ÷ mkdocs: below 1 means Greenroom is faster. Without mkdocs the peer
// figures are skipped and said so. Merges its figures into bench/results.json.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { stringify } from 'yaml';
import { mergeResults, percentile, type BenchRecord } from './benchStats';
import { LspSession } from './lspSession';

const SERVER = path.resolve(__dirname, '../dist/server.js');
const SITES = 10;
const SECTIONS = 11;
const PAGES_PER_SECTION = 9;
const LARGE_PAGE = 'reference/large.md';
const LARGE_LINES = 2_000;
const KEYSTROKES = 200;
const OPENS = 30;
const INDEXES = 5;
const MKDOCS_RUNS = 3;
const RETIRED_PAGE = 'retired.md';
/** A 1×1 PNG: the pages' image, a real file for mkdocs to copy. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** Python-Markdown's own extensions techdocs-core enables; pymdownx's are added when installed. */
const MARKDOWN_EXTENSIONS: unknown[] = ['admonition', 'abbr', 'attr_list', 'def_list', 'footnotes', 'tables', { toc: { permalink: true } }];
const PYMDOWNX_EXTENSIONS = ['pymdownx.details', 'pymdownx.superfences', 'pymdownx.tabbed', 'pymdownx.tasklist'];

interface Page {
  /** Relative to the docs folder, `/`-separated. */
  file: string;
  title: string;
}

function sectionName(section: number): string {
  return `section-${String.fromCharCode(97 + section)}`;
}

/** The 100 pages of a site in nav order: the home page, then 11 sections of 9 pages. */
function sitePages(site: number): Page[] {
  const pages: Page[] = [{ file: 'index.md', title: `Site ${site} overview` }];
  for (let section = 0; section < SECTIONS; section++) {
    for (let page = 0; page < PAGES_PER_SECTION; page++) {
      const file = site === 0 && section === SECTIONS - 1 && page === PAGES_PER_SECTION - 1 ? LARGE_PAGE : `${sectionName(section)}/page-${page}.md`;
      pages.push({ file, title: file === LARGE_PAGE ? 'Large reference' : `Topic ${site}.${section}.${page}` });
    }
  }
  return pages;
}

/** A relative link from one page to another, as a writer puts it. */
function relative(from: string, to: string): string {
  return path.posix.relative(path.posix.dirname(from), to) || path.posix.basename(to);
}

/** One block of a page: a heading, prose with links, a list, code, an admonition and a table (about 40 lines). */
function block(pages: readonly Page[], at: number, n: number): string[] {
  const self = pages[at].file;
  const other = pages[(at + n * 7 + 1) % pages.length];
  const next = pages[(at + 1) % pages.length];
  return [
    `## Part ${n}: handling request ${n}`,
    '',
    `Requests of kind ${n} reach the service through the gateway. See [${other.title}](${relative(self, other.file)}) for the`,
    `upstream side, and [the next topic](${relative(self, next.file)}#part-${n}-handling-request-${n}) for what follows.`,
    `![Diagram ${n}](${relative(self, 'images/diagram.png')})`,
    '',
    `### Steps for part ${n}`,
    '',
    '- Check the caller\'s token and its **scopes**.',
    `- Look the account up in \`accounts-${n}\`.`,
    '- Write the change, then publish the event:',
    '    - to the `events` topic;',
    '    - to the audit log.',
    '',
    '1. Open the dashboard.',
    '2. Pick the environment.',
    '3. Press *Deploy*.',
    '',
    '```python',
    `def handle_${n}(request):`,
    '    account = accounts.get(request.account_id)',
    '    if account is None:',
    '        raise NotFound(request.account_id)',
    `    return account.apply(request.change, attempt=${n})`,
    '```',
    '',
    `!!! note "About part ${n}"`,
    `    Part ${n} is retried up to three times.`,
    '    A retry keeps the request id.',
    '',
    '!!! warning',
    '    Do not call the gateway from a batch job.',
    '',
    '| Setting | Default | Meaning |',
    '| --- | --- | --- |',
    `| \`timeout\` | ${n * 10} s | How long a call may take |`,
    '| `retries` | 3 | Attempts after the first |',
    '',
    `Term ${n}`,
    `:   What part ${n} calls a request.`,
    '',
  ];
}

/** A page of about 80 lines, or the 2,000-line page. */
function pageText(pages: readonly Page[], at: number): string {
  const lines = [`# ${pages[at].title}`, '', `This page belongs to the docs of site ${at}. It is generated for the benchmark.`, ''];
  const target = pages[at].file === LARGE_PAGE ? LARGE_LINES : 80;
  for (let n = 1; lines.length < target; n++) lines.push(...block(pages, at, n));
  return `${lines.slice(0, target).join('\n')}\n`;
}

function mkdocsConfig(name: string, pages: readonly Page[] | undefined): Record<string, unknown> {
  if (!pages) return { site_name: name };
  const nav: unknown[] = [{ Home: 'index.md' }];
  for (let section = 0; section < SECTIONS; section++) {
    const inSection = pages.filter((page) => page.file.startsWith(`${sectionName(section)}/`) || (section === SECTIONS - 1 && page.file === LARGE_PAGE));
    nav.push({ [`Section ${section + 1}`]: inSection.map((page) => ({ [page.title]: page.file })) });
  }
  return { site_name: name, nav };
}

/** Writes site `site`: mkdocs.yml with its nav, docs/ and a catalog-info.yaml naming it `dir:.`. */
function writeSite(folder: string, site: number): void {
  const pages = sitePages(site);
  const name = `docs-site-${site}`;
  mkdirSync(path.join(folder, 'docs', 'images'), { recursive: true });
  writeFileSync(path.join(folder, 'docs', 'images', 'diagram.png'), PNG);
  pages.forEach((page, at) => {
    mkdirSync(path.join(folder, 'docs', path.posix.dirname(page.file)), { recursive: true });
    writeFileSync(path.join(folder, 'docs', page.file), pageText(pages, at));
  });
  writeFileSync(path.join(folder, 'mkdocs.yml'), stringify(mkdocsConfig(name, pages)));
  // The last site's home page links to a page it lacks: the diagnostic the server's docs check publishes for it says
  // that the check, which reads and renders every site, is over.
  if (site === SITES - 1) writeFileSync(path.join(folder, 'docs', 'index.md'), `${pageText(pages, 0)}\nSee [the retired page](${RETIRED_PAGE}).\n`);
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations: { 'backstage.io/techdocs-ref': 'dir:.' } },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:default/docs-writers' },
  };
  writeFileSync(path.join(folder, 'catalog-info.yaml'), stringify(entity));
}

function hasMkdocs(): boolean {
  const run = spawnSync('mkdocs', ['--version'], { encoding: 'utf8' });
  return run.status === 0;
}

/** Whether mkdocs' own Python has pymdownx: a build with its extensions succeeds. */
function hasPymdownx(folder: string): boolean {
  writeFileSync(path.join(folder, 'mkdocs.probe.yml'), stringify({ site_name: 'probe', plugins: [], markdown_extensions: PYMDOWNX_EXTENSIONS }));
  return spawnSync('mkdocs', ['build', '--quiet', '--config-file', 'mkdocs.probe.yml', '--site-dir', path.join(folder, 'probe-site')], { cwd: folder, encoding: 'utf8' }).status === 0;
}

/** `mkdocs build` of a site folder with techdocs-core's Markdown extensions; the median wall time of a few runs. */
function mkdocsBuild(folder: string, config: Record<string, unknown>, extensions: unknown[]): number {
  writeFileSync(path.join(folder, 'mkdocs.build.yml'), stringify({ ...config, plugins: [], markdown_extensions: extensions }));
  const times: number[] = [];
  for (let i = 0; i < MKDOCS_RUNS; i++) {
    const started = performance.now();
    const run = spawnSync('mkdocs', ['build', '--quiet', '--clean', '--config-file', 'mkdocs.build.yml', '--site-dir', path.join(folder, 'site')], { cwd: folder, encoding: 'utf8' });
    times.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`mkdocs build of ${folder} failed: ${run.stderr}`);
  }
  return percentile(times, 50);
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'greenroom-techdocs-'));
  const session = new LspSession('greenroom', [SERVER], {});
  try {
    const workspace = path.join(root, 'workspace');
    for (let site = 0; site < SITES; site++) writeSite(path.join(workspace, `site-${site}`), site);
    const loaded = session.next<{ entityCount: number; loaded: boolean }>('greenroom/catalogChanged', (status) => status.loaded && status.entityCount >= SITES, 5 * 60_000);
    const retiredPage = URI.file(path.join(workspace, `site-${SITES - 1}`, 'docs', 'index.md')).toString();
    const checked = session.next<{ uri: string; diagnostics: unknown[] }>('textDocument/publishDiagnostics', (params) => params.uri === retiredPage && params.diagnostics.length > 0, 5 * 60_000);
    await session.initialize(URI.file(workspace).toString(), { catalog: { include: [], exclude: [] } });
    await loaded;
    // Once loaded, the server checks every docs site (reading them and rendering every page for its links); nothing is
    // timed until that check is over. Then one search warms the renderer up.
    await checked;
    await session.time('greenroom/docsSearch', { query: 'warm up', limit: 1 });
    // An image of a site changed on disk: the server drops the sites it read, and starts no docs check for it.
    const imageChanged = (site: number) =>
      session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(path.join(workspace, `site-${site}`, 'docs', 'images', 'diagram.png')).toString(), type: 2 }] });
    const expectOk = (result: unknown, what: string) => {
      if (!(result as { ok?: boolean }).ok) throw new Error(`${what}: ${JSON.stringify(result).slice(0, 400)}`);
    };

    // Opening: every site in turn, each time right after a change, so that nothing read before is kept.
    const opens: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      const site = i % SITES;
      const ref = `component:default/docs-site-${site}`;
      await imageChanged(site);
      const siteAnswer = await session.time('greenroom/docsSite', { ref });
      expectOk(siteAnswer.result, `docsSite ${ref}`);
      const first = (siteAnswer.result as { pages: string[] }).pages[0];
      const pageAnswer = await session.time('greenroom/docsPage', { ref, page: first });
      expectOk(pageAnswer.result, `docsPage ${ref} ${first}`);
      opens.push(siteAnswer.ms + pageAnswer.ms);
    }

    // Re-render while typing: a sentence typed into the middle of the 2,000-line page, one character a request.
    const pages = sitePages(0);
    const large = pageText(pages, pages.findIndex((page) => page.file === LARGE_PAGE));
    const lines = large.split('\n');
    const middle = Math.floor(lines.length / 2);
    const sentence = 'The gateway keeps a request id for every retry of the call, and logs it. ';
    const rerenders: number[] = [];
    for (let i = 0; i < KEYSTROKES + 10; i++) {
      const typed = sentence.repeat(4).slice(0, i + 1);
      const text = [...lines.slice(0, middle), typed, ...lines.slice(middle)].join('\n');
      const answer = await session.time('greenroom/docsPage', { ref: 'component:default/docs-site-0', page: LARGE_PAGE, text });
      expectOk(answer.result, 'docsPage while typing');
      // The first ten warm the renderer up.
      if (i >= 10) rerenders.push(answer.ms);
    }

    // Indexing: the first search after a change reads, renders and indexes the 1,000 pages.
    const indexes: number[] = [];
    for (let i = 0; i < INDEXES; i++) {
      await imageChanged(i % SITES);
      const answer = await session.time('greenroom/docsSearch', { query: 'handling request', limit: 20 });
      if (!Array.isArray(answer.result) || answer.result.length === 0) throw new Error(`docsSearch found nothing: ${JSON.stringify(answer.result)}`);
      indexes.push(answer.ms);
    }
    await session.dispose();

    const open = percentile(opens, 50);
    const rerender = percentile(rerenders, 95);
    const index = percentile(indexes, 50);
    const records: BenchRecord[] = [
      { name: 'techdocs.rerender_p95_ms', value: round(rerender), unit: 'ms' },
      { name: 'techdocs.rerender_p50_ms', value: round(percentile(rerenders, 50)), unit: 'ms' },
      { name: 'techdocs.open_ms', value: round(open), unit: 'ms' },
      { name: 'techdocs.index_1k_ms', value: round(index), unit: 'ms' },
    ];
    print(`\nTechDocs through the catalog server, ${SITES} sites of 100 pages (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`);
    print(`  re-render of the ${LARGE_LINES}-line page after a keystroke: p50 ${percentile(rerenders, 50).toFixed(1)} ms, p95 ${rerender.toFixed(1)} ms over ${rerenders.length} keystrokes (target ≤ 50 ms)`);
    print(`  opening a 100-page site (site, nav, first page): p50 ${open.toFixed(1)} ms, p95 ${percentile(opens, 95).toFixed(1)} ms over ${opens.length} opens (target ≤ 300 ms)`);
    print(`  indexing 1,000 pages for search (first search after a change): p50 ${index.toFixed(1)} ms over ${indexes.length} runs`);

    // The peer: the same pages built by mkdocs.
    if (!hasMkdocs()) {
      print('  mkdocs is not installed: the peer figures (techdocs.mkdocs_*, techdocs.*_vs_mkdocs_build) are skipped');
    } else {
      const peer = path.join(root, 'mkdocs');
      // The 2,000-line page alone.
      const largeSite = path.join(peer, 'large');
      mkdirSync(path.join(largeSite, 'docs', 'reference'), { recursive: true });
      cpSync(path.join(workspace, 'site-0', 'docs', 'images'), path.join(largeSite, 'docs', 'images'), { recursive: true });
      writeFileSync(path.join(largeSite, 'docs', 'index.md'), '# Large\n');
      writeFileSync(path.join(largeSite, 'docs', LARGE_PAGE), large);
      // One 100-page site, with its nav.
      const oneSite = path.join(peer, 'site-1');
      cpSync(path.join(workspace, 'site-1', 'docs'), path.join(oneSite, 'docs'), { recursive: true });
      // The 1,000 pages as one site, each site a folder.
      const allSites = path.join(peer, 'all');
      for (let site = 0; site < SITES; site++) cpSync(path.join(workspace, `site-${site}`, 'docs'), path.join(allSites, 'docs', `site-${site}`), { recursive: true });
      writeFileSync(path.join(allSites, 'docs', 'index.md'), '# All sites\n');

      const pymdownx = hasPymdownx(largeSite);
      const extensions = pymdownx ? [...MARKDOWN_EXTENSIONS, ...PYMDOWNX_EXTENSIONS] : [...MARKDOWN_EXTENSIONS, 'fenced_code'];
      const mkdocsLarge = mkdocsBuild(largeSite, { site_name: 'large', nav: [{ Home: 'index.md' }, { 'Large reference': LARGE_PAGE }] }, extensions);
      const mkdocsSite = mkdocsBuild(oneSite, mkdocsConfig('docs-site-1', sitePages(1)), extensions);
      const mkdocsAll = mkdocsBuild(allSites, { site_name: 'all' }, extensions);
      const version = spawnSync('mkdocs', ['--version'], { encoding: 'utf8' }).stdout.trim();
      print(`  ${version}${pymdownx ? '' : ' (pymdownx not installed: Python-Markdown\'s own extensions and fenced_code)'}, median of ${MKDOCS_RUNS} builds each:`);
      print(`    the ${LARGE_LINES}-line page's site ${mkdocsLarge.toFixed(0)} ms (re-render ÷ mkdocs ${(rerender / mkdocsLarge).toFixed(3)})`);
      print(`    a 100-page site ${mkdocsSite.toFixed(0)} ms (open ÷ mkdocs ${(open / mkdocsSite).toFixed(3)})`);
      print(`    1,000 pages ${mkdocsAll.toFixed(0)} ms (index ÷ mkdocs ${(index / mkdocsAll).toFixed(3)})`);
      records.push(
        { name: 'techdocs.mkdocs_build_large_page_ms', value: round(mkdocsLarge), unit: 'ms' },
        { name: 'techdocs.mkdocs_build_100_pages_ms', value: round(mkdocsSite), unit: 'ms' },
        { name: 'techdocs.mkdocs_build_1k_pages_ms', value: round(mkdocsAll), unit: 'ms' },
        { name: 'techdocs.rerender_vs_mkdocs_build', value: round3(rerender / mkdocsLarge), unit: 'ratio' },
        { name: 'techdocs.open_vs_mkdocs_build', value: round3(open / mkdocsSite), unit: 'ratio' },
        { name: 'techdocs.index_1k_vs_mkdocs_build', value: round3(index / mkdocsAll), unit: 'ratio' },
      );
    }
    print('  ratio: Greenroom ÷ mkdocs build; below 1 means Greenroom is faster');
    mergeResults(records);
  } finally {
    await session.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

void main();
