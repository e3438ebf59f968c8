// The docs viewer's page: the site's nav, the page sanitised with DOMPurify, its table of contents, previous and
// next. Links never navigate the webview: the host decides where each goes.
import DOMPurify from 'dompurify';
import { HostChannel } from '../hostChannel';
import { DocsErrorNotification, EditDocsSourceNotification, FollowDocsLinkNotification, OpenDocsPageNotification, ShowDocsPageNotification, type DocsViewPage, type DocsViewSite } from '../../protocol/docsMessages';
import type { DocsNavItem } from '../../protocol/docsProtocol';
import { highlightCodeBlocks } from './codeBlocks';
import { drawDiagrams } from './mermaidDiagrams';
import { makeTabs } from './tabbedBlocks';

interface SavedState {
  scrollY: number;
}

const host = new HostChannel<SavedState>();
const nav = element('nav', { class: 'site-nav', 'aria-label': 'Site' });
const main = element('main', { class: 'page', tabindex: '-1' });
const toc = element('nav', { class: 'toc', 'aria-label': 'On this page' });
document.body.append(nav, main, toc);
let current: DocsViewPage | undefined;

host.on(ShowDocsPageNotification, ({ site, page, scroll }) => {
  const keep = scroll === 'keep' ? window.scrollY : undefined;
  current = page;
  showNav(site, page.page);
  showPage(page);
  showToc(page);
  document.title = page.title;
  if (keep !== undefined) window.scrollTo(0, keep);
  else if (typeof scroll === 'object') document.getElementById(scroll.anchor)?.scrollIntoView();
  else window.scrollTo(0, scroll === 'restore' ? (host.state()?.scrollY ?? 0) : 0);
  host.saveState({ scrollY: window.scrollY });
});

host.on(DocsErrorNotification, ({ message }) => {
  main.replaceChildren(element('p', { class: 'error', role: 'alert' }, message));
});

window.addEventListener('scroll', () => host.saveState({ scrollY: window.scrollY }), { passive: true });

// Every link goes through the host; anchors within the page scroll here.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest('a');
  if (!link || !current) return;
  event.preventDefault();
  const page = link.dataset.page;
  if (page !== undefined) return host.notify(OpenDocsPageNotification, { page });
  const line = link.dataset.sourceLine;
  if (line !== undefined) return host.notify(EditDocsSourceNotification, { page: current.page, line: Number(line) });
  const href = link.getAttribute('href') ?? '';
  if (href.startsWith('#')) {
    document.getElementById(decodeURIComponent(href.slice(1)))?.scrollIntoView();
    return;
  }
  if (href) host.notify(FollowDocsLinkNotification, { href, fromPage: current.page });
});

host.ready();

function showNav(site: DocsViewSite, page: string): void {
  const title = element('div', { class: 'site-name' }, site.siteName || 'Docs');
  nav.replaceChildren(title, navList(site.nav, page));
}

function navList(items: readonly DocsNavItem[], page: string): HTMLElement {
  const list = element('ul');
  for (const item of items) {
    const entry = element('li');
    if (item.children) {
      entry.append(element('span', { class: 'section' }, item.title), navList(item.children, page));
    } else if (item.page !== undefined) {
      const link = element('a', { href: '#', 'data-page': item.page }, item.title);
      if (item.page === page) {
        link.classList.add('current');
        link.setAttribute('aria-current', 'page');
      }
      entry.append(link);
    } else if (item.url) {
      entry.append(element('a', { href: item.url, class: 'external' }, item.title));
    } else {
      entry.append(element('span', { class: 'missing', title: 'Not in the docs folder' }, item.title));
    }
    list.append(entry);
  }
  return list;
}

function showPage(page: DocsViewPage): void {
  const clean = DOMPurify.sanitize(page.html, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS: ['style', 'form', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'link', 'meta', 'base'],
    FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'ping'],
  });
  markTaskBoxes(clean);
  localiseImages(clean, page);
  const body = element('article', { class: 'content' });
  body.append(clean);
  for (const heading of body.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const found = page.editable ? page.headings.find((candidate) => candidate.id === heading.id) : undefined;
    if (found?.line !== undefined) heading.append(element('a', { href: '#', class: 'source-link', 'data-source-line': String(found.line), title: 'Go to this heading in the Markdown' }, 'Edit'));
  }
  const pager = element('nav', { class: 'pager', 'aria-label': 'Previous and next' });
  if (page.previous) pager.append(element('a', { href: '#', class: 'previous', 'data-page': page.previous.page }, `← ${page.previous.title}`));
  if (page.next) pager.append(element('a', { href: '#', class: 'next', 'data-page': page.next.page }, `${page.next.title} →`));
  const source = page.editable ? [element('a', { href: '#', class: 'edit-source', 'data-source-line': '0', title: 'Open the Markdown of this page' }, 'Edit page')] : [];
  main.replaceChildren(...source, body, pager);
  makeTabs(body);
  highlightCodeBlocks(body);
  void drawDiagrams(body);
}

/** A task list's checkbox becomes a mark that cannot be changed; any other input goes. */
function markTaskBoxes(fragment: DocumentFragment): void {
  for (const input of fragment.querySelectorAll('input')) {
    if (input.type !== 'checkbox') {
      input.remove();
      continue;
    }
    const done = input.hasAttribute('checked');
    input.replaceWith(element('span', { class: `task-box${done ? ' done' : ''}`, role: 'img', 'aria-label': done ? 'done' : 'to do' }, done ? '☑' : '☐'));
  }
}

/**
 * Relative images load from the docs folder through the webview, or a published page's from what the server fetched;
 * images elsewhere are not loaded, but named.
 */
function localiseImages(fragment: DocumentFragment, page: DocsViewPage): void {
  for (const image of fragment.querySelectorAll('img')) {
    const src = image.getAttribute('src') ?? '';
    const relative = src && !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('//') && !src.startsWith('/');
    const loaded = !relative ? undefined : 'base' in page.images ? new URL(src, page.images.base).toString() : Object.hasOwn(page.images.inline, src) ? page.images.inline[src] : undefined;
    if (loaded && (!('inline' in page.images) || /^data:image\/[a-z+.-]+;base64,/.test(loaded))) {
      image.setAttribute('src', loaded);
      continue;
    }
    const note = element('span', { class: 'blocked-image', title: src }, `[image not loaded: ${image.getAttribute('alt') || src}]`);
    image.replaceWith(note);
  }
}

function showToc(page: DocsViewPage): void {
  const headings = page.headings.filter((heading) => heading.level >= 2 && heading.level <= 3);
  if (headings.length === 0) return toc.replaceChildren();
  const list = element('ul');
  for (const heading of headings) list.append(element('li', { class: `level-${heading.level}` }, element('a', { href: `#${encodeURIComponent(heading.id)}` }, heading.text)));
  toc.replaceChildren(element('div', { class: 'toc-title' }, 'On this page'), list);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (string | Node)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
