// What mkdocs would warn about in a TechDocs site, on the line that causes it: a nav entry naming a page the
// docs folder does not have, and a page's relative link or image to a file that is not there.
import * as path from 'node:path';
import type { CatalogProblem } from '../catalog/catalogProblem';
import type { MkdocsConfig, NavEntry } from './docsSite';
import type { PageLink } from './markdownPage';

export interface SiteCheck {
  /** Absolute paths of mkdocs.yml and of the docs folder. */
  mkdocsPath: string;
  docsDir: string;
  config: MkdocsConfig;
  /** Every file of the docs folder, relative and `/`-separated. */
  files: ReadonlySet<string>;
  /** The links of each page, by its path in the docs folder. */
  links: ReadonlyMap<string, readonly PageLink[]>;
}

export function siteProblems(site: SiteCheck): CatalogProblem[] {
  const problems: CatalogProblem[] = site.config.problems.map((problem) => ({ path: site.mkdocsPath, range: problem.range, severity: 'warning', code: 'docs-config-invalid', message: problem.message }));
  const walk = (entries: readonly NavEntry[]) => {
    for (const entry of entries) {
      if (entry.children) walk(entry.children);
      if (entry.page === undefined) continue;
      const page = path.posix.normalize(entry.page);
      if (site.files.has(page)) continue;
      problems.push({
        path: site.mkdocsPath,
        range: entry.range,
        severity: 'warning',
        code: 'docs-missing-page',
        message: `The nav names ${entry.page}, which is not in the docs folder ${displayDir(site)}; mkdocs leaves it out of the site`,
      });
    }
  };
  walk(site.config.nav ?? []);
  for (const [page, links] of site.links) {
    for (const link of links) {
      const target = localTarget(page, link.target);
      if (target === undefined || site.files.has(target) || isFolderLink(target, site.files)) continue;
      const what = link.image ? 'image' : 'link';
      problems.push({
        path: path.join(site.docsDir, ...page.split('/')),
        range: { start: { line: link.line, character: link.column }, end: { line: link.line, character: link.column + link.target.length } },
        severity: 'warning',
        code: 'docs-broken-link',
        message: target.startsWith('../')
          ? `The ${what} ${link.target} leads out of the docs folder; TechDocs publishes only the docs folder`
          : `The ${what} ${link.target} names ${target}, which is not in the docs folder ${displayDir(site)}`,
      });
    }
  }
  return problems;
}

/** The docs-folder path a relative link names, without its fragment or query; undefined for a URL, an anchor or an absolute path. */
export function localTarget(page: string, target: string): string | undefined {
  if (!target || target.startsWith('#') || target.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const bare = target.replace(/[?#].*$/, '');
  if (!bare) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    decoded = bare;
  }
  return path.posix.normalize(path.posix.join(path.posix.dirname(page), decoded));
}

/** A link to a folder (`guide/`) reaches its index page, as mkdocs' URLs do. */
function isFolderLink(target: string, files: ReadonlySet<string>): boolean {
  const dir = target.replace(/\/+$/, '');
  return files.has(`${dir}/index.md`) || files.has(`${dir}/README.md`) || (dir === '.' && (files.has('index.md') || files.has('README.md')));
}

function displayDir(site: SiteCheck): string {
  return `${path.relative(path.dirname(site.mkdocsPath), site.docsDir).split(path.sep).join('/') || '.'}/`;
}
