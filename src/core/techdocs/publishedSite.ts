// A site Backstage's TechDocs backend serves (mkdocs' HTML build with the Material theme techdocs-core uses): its
// metadata, nav, pages and their content, read from HTML someone else built. All of it is untrusted: names are checked
// before they become paths, text is text, and the viewer sanitises the content again.
import { DomUtils, parseDocument } from 'htmlparser2';
import type { NavItem } from './docsSite';

type Element = ReturnType<typeof DomUtils.findAll>[number];
type Node = Element['children'][number];
type Parent = ReturnType<typeof parseDocument> | Element;

/** A published site is named by its HTML files (`guide/index.html`), as its URLs are. */
const MAX_PAGES = 2_000;
const MAX_TITLE = 200;
const MAX_NAV_DEPTH = 8;
/**
 * Elements of a built page that are never content: they go before the page leaves the server. The raw-text ones
 * (noembed, noframes, plaintext, xmp, title, textarea) are written back unescaped, so entities decoded inside them
 * would come back as markup.
 */
const DROPPED = new Set(['script', 'style', 'link', 'meta', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'noscript', 'template', 'svg', 'math', 'noembed', 'noframes', 'plaintext', 'xmp', 'title', 'textarea', 'select', 'button', 'input']);

export interface PublishedMetadata {
  siteName: string;
  /** HTML files of the site, other than the 404 page. */
  pages: string[];
}

/** techdocs_metadata.json as techdocs-cli writes it; only a string site_name and the HTML files of `files` are kept. */
export function readPublishedMetadata(text: string): PublishedMetadata {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('its techdocs_metadata.json is not JSON');
  }
  const record = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const siteName = typeof record.site_name === 'string' ? cut(record.site_name) : '';
  const files = Array.isArray(record.files) ? record.files : [];
  const pages = files.filter((file): file is string => typeof file === 'string' && isSitePage(file) && file !== '404.html').slice(0, MAX_PAGES);
  return { siteName, pages };
}

/** A site-relative HTML file name that cannot climb out of the site or mean anything but a file in it. */
export function isSitePage(name: string): boolean {
  return isSiteFile(name) && /\.html$/i.test(name);
}

export function isSiteFile(name: string): boolean {
  if (name.length > 500 || /[\\\0?#%]/.test(name) || name.startsWith('/')) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * Where `href`, written on `fromPage`, leads in the site: a file name (`guide/index.html` for `guide/`), or undefined
 * for a link out of the site or to another scheme. Resolved as a browser would, so it cannot climb above the site.
 */
export function siteTarget(fromPage: string, href: string): { file: string; anchor?: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return undefined;
  const base = new URL(fromPage, 'site:/');
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  let file: string;
  try {
    file = decodeURIComponent(url.pathname.slice(1));
  } catch {
    return undefined;
  }
  if (file === '' || file.endsWith('/')) file += 'index.html';
  const anchor = url.hash ? safeDecode(url.hash.slice(1)) : undefined;
  return isSiteFile(file) ? { file, anchor: anchor || undefined } : undefined;
}

export interface PublishedPage {
  title: string;
  /** The page's content (Material's article): still to be sanitised by the viewer. */
  html: string;
  headings: { level: number; text: string; id: string }[];
  /** Site files of the content's relative images, each as written in its `src`. */
  images: { src: string; file: string }[];
  /** The site's nav as this page draws it (mkdocs writes the whole nav into every page). */
  nav: NavItem[];
}

/** Reads a built page named `page` (its file in the site): what the viewer shows, and the nav. */
export function readPublishedPage(page: string, text: string): PublishedPage {
  const document = parseDocument(text, { decodeEntities: true });
  const article = first(document, (el) => el.name === 'article' && hasClass(el, 'md-content__inner')) ?? first(document, (el) => el.attribs.role === 'main') ?? first(document, (el) => el.name === 'body') ?? document;
  // Material's edit and view buttons link to the repository, and the headerlink's ¶ is drawn by the viewer's CSS.
  for (const el of DomUtils.findAll((el) => DROPPED.has(el.name) || hasClass(el, 'md-content__button'), childrenOf(article))) DomUtils.removeElement(el);
  for (const el of DomUtils.findAll(() => true, childrenOf(article))) {
    for (const name of Object.keys(el.attribs)) if (/^on/i.test(name) || name === 'style' || /^javascript:/i.test(el.attribs[name].replace(/[\s\0-\x1f]/g, ''))) delete el.attribs[name];
  }
  const headings = DomUtils.findAll((el) => /^h[1-6]$/.test(el.name) && !!el.attribs.id, childrenOf(article)).map((el) => ({
    level: Number(el.name[1]),
    text: cut(textOf(el, (node) => !(isElement(node) && hasClass(node, 'headerlink')))),
    id: el.attribs.id,
  }));
  const images: PublishedPage['images'] = [];
  for (const el of DomUtils.findAll((el) => el.name === 'img', childrenOf(article))) {
    const src = el.attribs.src ?? '';
    const target = src ? siteTarget(page, src) : undefined;
    if (target && !images.some((image) => image.src === src)) images.push({ src, file: target.file });
  }
  const h1 = headings.find((heading) => heading.level === 1)?.text;
  const titleElement = first(document, (el) => el.name === 'title');
  const title = h1 || cut((titleElement ? DomUtils.textContent(titleElement) : '').split(' - ')[0]) || page;
  const primary = first(document, (el) => el.name === 'nav' && hasClass(el, 'md-nav--primary'));
  const list = primary && first(primary, (el) => el.name === 'ul');
  return {
    title,
    html: article === document ? '' : DomUtils.getInnerHTML(article).trim(),
    headings,
    images,
    nav: list ? navOf(list, page, 0) : [],
  };
}

/** The pages of a nav in order, sections walked. */
export function navPages(nav: readonly NavItem[]): string[] {
  return nav.flatMap((item) => (item.page ? [item.page] : navPages(item.children ?? [])));
}

/** Material's nav: an item is a link to a page, a link out, or a section (a label and a nested nav). */
function navOf(list: Element, page: string, depth: number): NavItem[] {
  const items: NavItem[] = [];
  for (const item of list.children.filter(isElement).filter((el) => el.name === 'li')) {
    const own = item.children.filter(isElement);
    const nested = own.find((el) => el.name === 'nav' && !hasClass(el, 'md-nav--secondary'));
    const inner = nested && first(nested, (el) => el.name === 'ul');
    if (inner && depth < MAX_NAV_DEPTH) {
      const label = own.find((el) => hasClass(el, 'md-nav__link') || hasClass(el, 'md-nav__container'));
      items.push({ title: cut(label ? textOf(label) : ''), children: navOf(inner, page, depth + 1) });
      continue;
    }
    const link = own.find((el) => el.name === 'a' && hasClass(el, 'md-nav__link'));
    if (!link) continue;
    const href = link.attribs.href ?? '';
    const title = cut(textOf(link));
    const target = siteTarget(page, href);
    if (target && isSitePage(target.file)) items.push({ title, page: target.file });
    else if (/^https?:\/\//i.test(href)) items.push({ title, url: href });
  }
  return items;
}

function first(root: Parent, test: (el: Element) => boolean): Element | undefined {
  return DomUtils.findOne(test, childrenOf(root)) ?? undefined;
}

function childrenOf(node: Parent): Node[] {
  return node.children;
}

function isElement(node: Node): node is Element {
  return DomUtils.isTag(node);
}

function hasClass(el: Element, name: string): boolean {
  return (el.attribs.class ?? '').split(/\s+/).includes(name);
}

/** The text of an element, whitespace collapsed, leaving out what `keep` refuses. */
function textOf(el: Element, keep: (node: Node) => boolean = () => true): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (!keep(node)) return;
    if (DomUtils.isText(node)) parts.push(node.data);
    else if (isElement(node) && !DROPPED.has(node.name)) node.children.forEach(walk);
  };
  el.children.forEach(walk);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

function cut(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > MAX_TITLE ? `${trimmed.slice(0, MAX_TITLE)}…` : trimmed;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
