/**
 * The catalog server's TechDocs requests: an entity's docs site (its nav and pages) and a page rendered as
 * TechDocs renders it. Declared as typed handles like catalogProtocol.ts.
 */
import { RequestType, RequestType0 } from 'vscode-jsonrpc';

/** An item of a site's navigation: a page of the docs folder, a link out, or a section. */
export interface DocsNavItem {
  title: string;
  page?: string;
  url?: string;
  children?: DocsNavItem[];
}

/**
 * Client → server request: the docs site of an entity whose `backstage.io/techdocs-ref` is `dir:…` (read from the
 * workspace), or of an entity only Backstage has (the site its TechDocs backend publishes).
 */
export const DocsSiteRequest = new RequestType<DocsSiteParams, DocsSiteResult, void>('greenroom/docsSite');
export interface DocsSiteParams {
  ref: string;
}
export type DocsSiteResult =
  | {
      ok: true;
      ref: string;
      siteName: string;
      /** Absolute paths: mkdocs.yml and the docs folder (its pages are named relative to it, `/`-separated). */
      mkdocsPath: string;
      docsDir: string;
      nav: DocsNavItem[];
      /** Every page in nav order. */
      pages: string[];
    }
  | {
      ok: true;
      ref: string;
      siteName: string;
      /** The Backstage instance whose TechDocs backend serves the site; its pages are named by their HTML files (`guide/index.html`). */
      publishedBy: string;
      nav: DocsNavItem[];
      pages: string[];
    }
  | { ok: false; message: string };

/** Client → server request: a page of an entity's docs site, rendered; `text` is the page's unsaved Markdown when it is open. */
export const DocsPageRequest = new RequestType<DocsPageParams, DocsPageResult, void>('greenroom/docsPage');
export interface DocsPageParams {
  ref: string;
  page: string;
  text?: string;
}
export type DocsPageResult =
  | {
      ok: true;
      page: string;
      /** Absolute path of the page's Markdown; none for a page Backstage publishes. */
      path?: string;
      title: string;
      /** Unsanitised: the viewer sanitises it. Relative links and images are left as written. */
      html: string;
      /** `line`: of the heading in the Markdown, when the page is the workspace's. */
      headings: { level: number; text: string; id: string; line?: number }[];
      /** A published page's images, fetched from its site through the server: data: URIs by `src` as written. */
      images?: Record<string, string>;
      previous?: { page: string; title: string };
      next?: { page: string; title: string };
    }
  | { ok: false; message: string };

/** Client → server request: pages and headings of the workspace's docs sites matching `query`, best first. */
export const DocsSearchRequest = new RequestType<{ query: string; limit?: number }, DocsSearchHit[], void>('greenroom/docsSearch');
export interface DocsSearchHit {
  ref: string;
  siteName: string;
  page: string;
  pageTitle: string;
  /** Set when the hit is a heading of the page: the viewer opens the page there. */
  heading?: { text: string; id: string };
  score: number;
  /** For a hit in the page's words rather than its title or a heading: the words around the first one found. */
  snippet?: string;
}

/** Client → server request: the entities with docs (local, or published by Backstage), for Open Docs' picker and the mkdocs.yml CodeLens. */
export const DocsEntitiesRequest = new RequestType0<DocsEntity[], void>('greenroom/docsEntities');
/** An entity with docs; `docsDir` is the folder of its local site (its mkdocs.yml's), absent for published docs. */
export interface DocsEntity {
  ref: string;
  title: string;
  docsDir?: string;
}

/**
 * Client → server request: pages and sections of the docs Backstage publishes matching `query`, asked of each connected
 * instance's search API with a short timeout (none connected, slow or failing: an empty answer). Only pages of the
 * site of an entity the catalog shows from that instance are kept; choosing one opens that page of its published site.
 */
export const BackstageDocsSearchRequest = new RequestType<{ query: string; limit?: number }, BackstageDocsSearchHit[], void>('greenroom/backstageDocsSearch');
export interface BackstageDocsSearchHit {
  ref: string;
  /** The instance whose search found it, and whose TechDocs backend publishes the site. */
  publishedBy: string;
  /** The published page's HTML file (`guide/getting-started/index.html`), and the heading's id when a section was found. */
  page: string;
  anchor?: string;
  /** Capped, one line each, as Backstage gave them. */
  title: string;
  text: string;
  location: string;
}
