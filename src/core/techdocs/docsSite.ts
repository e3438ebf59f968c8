// A TechDocs site as mkdocs builds it: mkdocs.yml's name, docs folder and nav, or the docs folder's own order,
// and each page's title by mkdocs' rules.
import * as path from 'node:path';
import type { TextRange } from '../catalog/textRange';
import { parseYamlFile, type YamlDocument, type YamlPath } from '../language/yamlDocuments';

/** A nav entry as mkdocs.yml writes it, with where it is written. */
export interface NavEntry {
  title?: string;
  /** A page, relative to the docs folder, `/`-separated. */
  page?: string;
  /** A link out of the site. */
  url?: string;
  children?: NavEntry[];
  range: TextRange;
}

export interface MkdocsConfig {
  siteName: string;
  /** Relative to mkdocs.yml's folder. */
  docsDir: string;
  nav?: NavEntry[];
  /** What mkdocs would refuse in mkdocs.yml, where it is written. */
  problems: { range: TextRange; message: string }[];
}

/** An item of the site's navigation, titled. */
export interface NavItem {
  title: string;
  page?: string;
  url?: string;
  children?: NavItem[];
}

export interface DocsSite {
  siteName: string;
  nav: NavItem[];
  /** Every page in nav order: previous and next follow it. */
  pages: string[];
}

const MARKDOWN = /\.(md|markdown|mdown|mkdn|mkd)$/i;

/** The title the nav gives a page, if the nav names it. */
export function navTitle(nav: readonly NavItem[], page: string): string | undefined {
  for (const item of nav) {
    if (item.page === page) return item.title;
    const inner = item.children ? navTitle(item.children, page) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

export function isMarkdownPage(file: string): boolean {
  return MARKDOWN.test(file);
}

/** Reads mkdocs.yml; what cannot be read is a problem and the defaults stand (site name empty, `docs`, no nav). */
export function readMkdocsConfig(text: string): MkdocsConfig {
  const parsed = parseYamlFile(text);
  const problems = parsed.errors.map((error) => ({ range: error.range, message: `mkdocs.yml is not valid YAML: ${error.message}` }));
  const document = parsed.documents[0];
  const value = (document?.value ?? {}) as Record<string, unknown>;
  const config: MkdocsConfig = {
    siteName: typeof value.site_name === 'string' ? value.site_name : '',
    docsDir: typeof value.docs_dir === 'string' && value.docs_dir.trim() ? value.docs_dir : 'docs',
    problems,
  };
  if (document && Array.isArray(value.nav)) config.nav = navEntries(value.nav as unknown[], ['nav'], document, problems);
  else if (document && value.nav !== undefined && value.nav !== null) problems.push({ range: document.rangeOf(['nav']) ?? document.range, message: 'nav must be a list of pages and sections' });
  return config;
}

function navEntries(items: unknown[], at: YamlPath, document: YamlDocument, problems: MkdocsConfig['problems']): NavEntry[] {
  const entries: NavEntry[] = [];
  items.forEach((item, index) => {
    const itemPath = [...at, index];
    const range = document.rangeOf(itemPath) ?? document.range;
    if (typeof item === 'string') {
      entries.push(isExternal(item) ? { url: item, title: item, range } : { page: item, range });
      return;
    }
    const keys = item && typeof item === 'object' && !Array.isArray(item) ? Object.keys(item) : [];
    if (keys.length !== 1) {
      problems.push({ range, message: 'A nav entry is a page path, or one title with a page path, a URL or a list of entries' });
      return;
    }
    const [title] = keys;
    const target = (item as Record<string, unknown>)[title];
    const titled = document.keyRangeOf([...itemPath, title]) ?? range;
    if (typeof target === 'string') entries.push(isExternal(target) ? { title, url: target, range: titled } : { title, page: target, range: document.rangeOf([...itemPath, title]) ?? titled });
    else if (Array.isArray(target)) entries.push({ title, children: navEntries(target, [...itemPath, title], document, problems), range: titled });
    else problems.push({ range: titled, message: `The nav entry ${JSON.stringify(title)} names neither a page, a URL nor a list of entries` });
  });
  return entries;
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/');
}

/**
 * The site: the nav of mkdocs.yml, its untitled pages titled from their text, or without a nav, every page of
 * the docs folder in mkdocs' order (index or README first, then files by name, then folders by name as sections).
 * `pages` are the docs folder's Markdown files, relative and `/`-separated; `textOf` gives a page's Markdown.
 */
export function buildSite(config: MkdocsConfig, pages: readonly string[], textOf: (page: string) => string | undefined): DocsSite {
  const available = new Set(indexPages(pages));
  const title = (page: string) => pageTitle(page, textOf(page) ?? '', page === homepage(available));
  const nav = config.nav ? fromConfig(config.nav, available, title) : fromFolder([...available], title);
  const order: string[] = [];
  const walk = (items: NavItem[]) => items.forEach((item) => (item.page ? order.push(item.page) : walk(item.children ?? [])));
  walk(nav);
  return { siteName: config.siteName, nav, pages: order };
}

/** The pages mkdocs builds: of a folder with both index.md and README.md, README.md is left out. */
export function indexPages(pages: readonly string[]): string[] {
  const md = pages.filter(isMarkdownPage).map((page) => page.split(path.sep).join('/'));
  const indexes = new Set(md.filter((page) => /(^|\/)index\.md$/i.test(page)).map((page) => path.posix.dirname(page)));
  return md.filter((page) => !(/(^|\/)README\.md$/i.test(page) && indexes.has(path.posix.dirname(page))));
}

function homepage(pages: ReadonlySet<string>): string | undefined {
  return pages.has('index.md') ? 'index.md' : pages.has('README.md') ? 'README.md' : undefined;
}

function fromConfig(entries: readonly NavEntry[], available: ReadonlySet<string>, title: (page: string) => string): NavItem[] {
  return entries.map((entry) => {
    if (entry.children) return { title: entry.title ?? '', children: fromConfig(entry.children, available, title) };
    if (entry.url) return { title: entry.title ?? entry.url, url: entry.url };
    const page = path.posix.normalize(entry.page!);
    // A page the docs folder does not have is named in the nav but leads nowhere (and is a problem on mkdocs.yml).
    return available.has(page) ? { title: entry.title ?? title(page), page } : { title: entry.title ?? page };
  });
}

function fromFolder(pages: string[], title: (page: string) => string): NavItem[] {
  const root: NavItem[] = [];
  const sections = new Map<string, NavItem>();
  const sectionFor = (dir: string): NavItem[] => {
    if (dir === '.') return root;
    let section = sections.get(dir);
    if (!section) {
      section = { title: nameToTitle(path.posix.basename(dir)), children: [] };
      sections.set(dir, section);
      sectionFor(path.posix.dirname(dir)).push(section);
    }
    return section.children!;
  };
  for (const page of pages.sort(folderOrder)) sectionFor(path.posix.dirname(page)).push({ title: title(page), page });
  return root;
}

/** mkdocs walks a folder top-down: its index or README first, its files by name, then each subfolder by name. */
function folderOrder(a: string, b: string): number {
  const aParts = a.split('/');
  const bParts = b.split('/');
  for (let i = 0; ; i++) {
    const aLast = i === aParts.length - 1;
    const bLast = i === bParts.length - 1;
    if (aParts[i] === bParts[i] && !aLast && !bLast) continue;
    // Files of a folder come before its subfolders.
    if (aLast !== bLast) return aLast ? -1 : 1;
    if (aLast) return rank(aParts[i]) - rank(bParts[i]) || compareNames(aParts[i], bParts[i]);
    return compareNames(aParts[i], bParts[i]);
  }
}

function rank(name: string): number {
  return /^(index|README)\.md$/i.test(name) ? 0 : 1;
}

/** Python's sort of str: by code point. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A page's title as mkdocs 1.4 gives it when the nav names none: `title` in its front matter, else its first
 * line when that is a level-1 heading, else Home for the homepage, else its file (or an index's folder) name.
 */
export function pageTitle(page: string, text: string, isHomepage: boolean): string {
  const front = frontMatter(text);
  if (typeof front.data.title === 'string' || typeof front.data.title === 'number') return String(front.data.title);
  const first = text
    .slice(front.length)
    .split(/\r\n|\r|\n/)
    .find((line) => line.trim() !== '');
  if (first?.trim().startsWith('# ')) return first.trim().replace(/^#+/, '').trim();
  if (isHomepage) return 'Home';
  const stem = path.posix.basename(page).replace(MARKDOWN, '');
  const name = /^(index|README)$/i.test(stem) ? path.posix.basename(path.posix.dirname(page)) || 'index' : stem;
  return nameToTitle(name);
}

/** mkdocs' title of a file or folder name: `-` and `_` as spaces, the first letter capitalised when all are lower case. */
export function nameToTitle(name: string): string {
  const title = name.replace(/[-_]/g, ' ');
  return title.toLowerCase() === title ? title.charAt(0).toUpperCase() + title.slice(1) : title;
}

/** YAML front matter (mkdocs' page meta) between `---` lines at the very start: its data and its length in the text. */
export function frontMatter(text: string): { data: Record<string, unknown>; length: number } {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { data: {}, length: 0 };
  const value = parseYamlFile(match[1]).documents[0]?.value;
  return { data: value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}, length: match[0].length };
}
