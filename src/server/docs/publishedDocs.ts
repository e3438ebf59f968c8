// The docs Backstage publishes for an entity only it has: the site its TechDocs backend serves, read with the
// instance's token and shown in the same viewer as local docs. Pages are named by their HTML files; only the site's
// own pages are fetched, and their images come back inline, so the viewer requests nothing outside itself.
import type { EntityRecord } from '../../core/catalog/catalogFile';
import { navPages, readPublishedMetadata, readPublishedPage, type PublishedMetadata } from '../../core/techdocs/publishedSite';
import { navTitle, type NavItem } from '../../core/techdocs/docsSite';
import { fetchTechDocsFile, type TechDocsEntity, type TechDocsOptions } from '../../sources/backstageTechDocs';
import type { DocsPageResult, DocsSiteResult } from '../../protocol/docsProtocol';

const MAX_METADATA_BYTES = 1024 * 1024;
const MAX_PAGE_BYTES = 5 * 1024 * 1024;
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const MAX_IMAGES = 40;
/** All of a page's images together: the answer goes to the viewer in one message. */
const MAX_PAGE_IMAGE_BYTES = 8 * 1024 * 1024;
/** Sites kept; the one read longest ago goes first. */
const MAX_SITES = 50;
/** Images only; an SVG drawn as an image runs no script. */
const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml', avif: 'image/avif' };

interface Site {
  siteName: string;
  nav: NavItem[];
  pages: string[];
}

type Found = { ok: true; site: Site } | { ok: false; message: string };

export class PublishedDocs {
  /** The site last read per instance and entity: its pages are read against it until the site is asked for again. */
  private readonly sites = new Map<string, Promise<Found>>();

  /** `options` gives what a request to a configured instance needs (its token); undefined for another. */
  constructor(private readonly options: (baseUrl: string) => Promise<TechDocsOptions | undefined>) {}

  async site(record: EntityRecord): Promise<DocsSiteResult> {
    const found = await this.load(record, true);
    if (!found.ok) return found;
    return { ok: true, ref: record.ref, siteName: found.site.siteName, publishedBy: record.remote!.baseUrl, nav: found.site.nav, pages: found.site.pages };
  }

  async page(record: EntityRecord, page: string): Promise<DocsPageResult> {
    const found = await this.load(record, false);
    if (!found.ok) return found;
    const { site } = found;
    const wanted = page || site.pages[0] || 'index.html';
    // Only a page of the site: a name from a page's link is not a path to fetch.
    if (!site.pages.includes(wanted)) return { ok: false, message: `The published docs have no page ${wanted}.` };
    try {
      const options = await this.requestOptions(record);
      const entity = triplet(record);
      const file = await fetchTechDocsFile(options, entity, wanted, MAX_PAGE_BYTES);
      const read = readPublishedPage(wanted, file.body.toString('utf8'));
      const images: Record<string, string> = {};
      // One after another, each within what is left of the page's budget; an image past it is named, not shown.
      let left = MAX_PAGE_IMAGE_BYTES;
      for (const { src, file: image } of read.images.slice(0, MAX_IMAGES)) {
        if (left <= 0) break;
        const data = await imageData(options, entity, image, Math.min(MAX_IMAGE_BYTES, left)).catch(() => undefined);
        if (!data) continue;
        images[src] = data.uri;
        left -= data.bytes;
      }
      const at = site.pages.indexOf(wanted);
      const neighbour = (other: string | undefined) => (other === undefined ? undefined : { page: other, title: navTitle(site.nav, other) ?? other });
      return {
        ok: true,
        page: wanted,
        title: navTitle(site.nav, wanted) ?? read.title,
        html: read.html,
        headings: read.headings,
        images,
        previous: at > 0 ? neighbour(site.pages[at - 1]) : undefined,
        next: neighbour(site.pages[at + 1]),
      };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    }
  }

  private load(record: EntityRecord, fresh: boolean): Promise<Found> {
    const key = `${record.remote!.baseUrl}\n${record.ref}`;
    const known = this.sites.get(key);
    if (known && !fresh) return known;
    const site = this.read(record);
    this.sites.delete(key);
    this.sites.set(key, site);
    for (const oldest of this.sites.keys()) {
      if (this.sites.size <= MAX_SITES) break;
      this.sites.delete(oldest);
    }
    // A failure is not kept: the next ask tries again.
    void site.then((found) => !found.ok && this.sites.get(key) === site && this.sites.delete(key));
    return site;
  }

  /** The metadata (site name, files) and the nav mkdocs wrote into the home page. */
  private async read(record: EntityRecord): Promise<Found> {
    try {
      const options = await this.requestOptions(record);
      const entity = triplet(record);
      const metadataFile = await fetchTechDocsFile(options, entity, 'techdocs_metadata.json', MAX_METADATA_BYTES);
      const metadata: PublishedMetadata = readPublishedMetadata(metadataFile.body.toString('utf8'));
      const home = metadata.pages.includes('index.html') || metadata.pages.length === 0 ? 'index.html' : metadata.pages[0];
      const homePage = await fetchTechDocsFile(options, entity, home, MAX_PAGE_BYTES);
      const nav = readPublishedPage(home, homePage.body.toString('utf8')).nav;
      const pages = [...new Set([...navPages(nav), home, ...metadata.pages])];
      return { ok: true, site: { siteName: metadata.siteName, nav: nav.length > 0 ? nav : [{ title: metadata.siteName || 'Home', page: home }], pages } };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    }
  }

  private async requestOptions(record: EntityRecord): Promise<TechDocsOptions> {
    const baseUrl = record.remote!.baseUrl;
    const options = await this.options(baseUrl);
    if (!options) throw new Error(`Backstage at ${baseUrl} is not one of the configured instances.`);
    return options;
  }
}

/** An image of the site as a data: URI, with its size, when it is one of the image types and no larger than `maxBytes`. */
async function imageData(options: TechDocsOptions, entity: TechDocsEntity, file: string, maxBytes: number): Promise<{ uri: string; bytes: number } | undefined> {
  const type = IMAGE_TYPES[file.split('.').pop()?.toLowerCase() ?? ''];
  if (!type) return undefined;
  const image = await fetchTechDocsFile(options, entity, file, maxBytes);
  return { uri: `data:${type};base64,${image.body.toString('base64')}`, bytes: image.body.length };
}

function triplet(record: EntityRecord): TechDocsEntity {
  const { kind, metadata } = record.entity;
  return { kind: String(kind), namespace: typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : 'default', name: String(metadata.name) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
