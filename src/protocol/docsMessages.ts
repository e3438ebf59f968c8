/** The docs viewer's messages between its page and the extension host (see webviewMessages.ts). */
import { webviewNotification } from './webviewMessages';
import type { DocsNavItem } from './docsProtocol';

export interface DocsViewSite {
  siteName: string;
  nav: DocsNavItem[];
}

export interface DocsViewPage {
  page: string;
  title: string;
  /** Unsanitised HTML as the server rendered it: the page sanitises it before showing it. */
  html: string;
  headings: { level: number; text: string; id: string; line?: number }[];
  previous?: { page: string; title: string };
  next?: { page: string; title: string };
  /** Where relative images come from: the page's own folder (a webview URI), or for a published page the images the server fetched. */
  images: { base: string } | { inline: Record<string, string> };
  /** Its Markdown is in the workspace: headings link to their lines. */
  editable: boolean;
}

/**
 * Host → page: show a page. `scroll`: to the top, to a heading id, where the reader is (an edit of the page), or
 * where the reader was before the page was rebuilt (the tab hidden and shown again).
 */
export const ShowDocsPageNotification = webviewNotification<{ site: DocsViewSite; page: DocsViewPage; scroll: DocsScroll }>('docs/show');
export type DocsScroll = 'top' | 'keep' | 'restore' | { anchor: string };

/** Host → page: the page cannot be shown, and why. */
export const DocsErrorNotification = webviewNotification<{ message: string }>('docs/error');

/** Page → host: the reader followed a link (`href` as the page wrote it) on `fromPage`. */
export const FollowDocsLinkNotification = webviewNotification<{ href: string; fromPage: string }>('docs/followLink');

/** Page → host: open a page of the site from its nav, previous or next. */
export const OpenDocsPageNotification = webviewNotification<{ page: string }>('docs/openPage');

/** Page → host: open the page's Markdown at a line (a heading's), beside the viewer. */
export const EditDocsSourceNotification = webviewNotification<{ page: string; line: number }>('docs/editSource');
