// The TechDocs requests, and the docs sites' problems kept up to date as the catalog and the docs change.
import type { Catalog } from '../../core/catalog/catalog';
import type { Connection } from 'vscode-languageserver';
import type { CatalogProblem } from '../../core/catalog/catalogProblem';
import { BackstageDocsSearchRequest, DocsEntitiesRequest, DocsPageRequest, DocsSearchRequest, DocsSiteRequest } from '../../protocol/docsProtocol';
import type { WorkspaceCatalog } from '../catalog/workspaceCatalog';
import { DocsSites } from './docsSites';
import { PublishedDocs } from './publishedDocs';
import { searchBackstageDocs } from './backstageDocsSearch';
import type { TechDocsOptions } from '../../sources/backstageTechDocs';
import { localDocsDir } from '../../core/techdocs/localSite';
import { isMarkdownPage } from '../../core/techdocs/docsSite';

/** Docs are checked once changes pause this long: a save of several pages is one check. */
const CHECK_DELAY_MS = 300;

export interface DocsChecks {
  /** The docs problems of the last check, by file. */
  problems(): ReadonlyMap<string, readonly CatalogProblem[]>;
  /** After a catalog change: checks again when an entity's docs folder came, went or moved. */
  catalogChanged(): void;
  /** Files changed on disk: checks again when one is Markdown or an mkdocs config. */
  filesChanged(paths: readonly string[]): void;
}

/** The configured Backstage instances, for the docs they publish and their search. */
export interface DocsBackstage {
  /** Their base URLs. */
  instances(): readonly string[];
  /** What a request to a configured instance needs; undefined for another. */
  options(baseUrl: string): Promise<TechDocsOptions | undefined>;
}

/** `changed` runs after a check whose problems differ from the last one's. */
export function registerDocsRequests(connection: Connection, workspace: WorkspaceCatalog, changed: () => void, backstage: DocsBackstage): DocsChecks {
  const sites = new DocsSites(() => ({ catalog: workspace.catalog, files: workspace.files }), new PublishedDocs((baseUrl) => backstage.options(baseUrl)));
  connection.onRequest(DocsEntitiesRequest, async () => {
    await workspace.firstLoad;
    return sites.entities();
  });
  connection.onRequest(DocsSiteRequest, async (params) => {
    await workspace.firstLoad;
    return sites.site(params.ref);
  });
  connection.onRequest(DocsPageRequest, async (params) => {
    await workspace.firstLoad;
    return sites.page(params.ref, params.page, params.text);
  });
  connection.onRequest(DocsSearchRequest, async (params) => {
    await workspace.firstLoad;
    return sites.search(String(params.query ?? ''), Math.min(Math.max(1, Number(params.limit) || 20), 100));
  });
  connection.onRequest(BackstageDocsSearchRequest, async (params, token) => {
    await workspace.firstLoad;
    // A newer keystroke cancels the request: Backstage's answer to it is not waited for.
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    try {
      const deps = { catalog: () => workspace.catalog, instances: () => backstage.instances(), options: (baseUrl: string) => backstage.options(baseUrl), log: (message: string) => connection.console.warn(message) };
      return await searchBackstageDocs(deps, String(params.query ?? ''), Math.min(Math.max(1, Number(params.limit) || 20), 100), abort.signal);
    } finally {
      cancelled.dispose();
    }
  });

  let current: ReadonlyMap<string, readonly CatalogProblem[]> = new Map();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const check = async () => {
    do {
      again = false;
      const next = await sites.problems();
      if (JSON.stringify([...next]) !== JSON.stringify([...current])) {
        current = next;
        changed();
      }
    } while (again);
  };
  const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (running) again = true;
        else
          running = check()
            .catch((error: unknown) => connection.console.error(`Checking the docs failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
            .finally(() => (running = undefined));
      }, CHECK_DELAY_MS);
  };
  /** Per catalog file, where its entities' docs are and the lines those entities start on, as last checked. */
  const docsOf = new Map<string, { dirs: string; lines: string }>();
  let seen: { catalog: Catalog; cursor: number } | undefined;
  return {
    problems: () => current,
    catalogChanged() {
      // Every keystroke in a catalog file lands here: only the files that changed are looked at; only a change to where
      // docs are costs reading the sites again, and lines moving above an entity with docs a cheap check (a warning on
      // its annotation follows the text).
      const catalog = workspace.catalog;
      const { files, cursor } = catalog.changesSince(seen?.catalog === catalog ? seen.cursor : undefined);
      seen = { catalog, cursor };
      const looked = new Set(files ?? [...docsOf.keys(), ...catalog.entities().map((record) => record.path)]);
      let dirsChanged = false;
      let linesChanged = false;
      for (const file of looked) {
        const withDocs = catalog.entitiesOf(file).filter((record) => localDocsDir(record) !== undefined);
        const before = docsOf.get(file);
        const next =
          withDocs.length === 0
            ? undefined
            : { dirs: withDocs.map((record) => `${record.ref}\n${localDocsDir(record)}`).join('\n'), lines: withDocs.map((record) => record.range.start.line).join(',') };
        if (next) docsOf.set(file, next);
        else docsOf.delete(file);
        if (before?.dirs !== next?.dirs) dirsChanged = true;
        else if (before?.lines !== next?.lines) linesChanged = true;
      }
      if (!dirsChanged && !linesChanged) return;
      if (dirsChanged) sites.invalidate();
      schedule();
    },
    filesChanged(paths) {
      // A docs folder's page, image or mkdocs.yml: its sites are read again when asked next.
      sites.filesChanged(paths);
      if (paths.some((file) => isMarkdownPage(file) || /(^|[\\/])mkdocs\.ya?ml$/.test(file))) schedule();
    },
  };
}
