/**
 * Messages between the entity page webview and the extension host, as typed handles
 * (webviewMessages.ts). Types only from catalogProtocol.ts: the webview bundle imports this file.
 */
import type { EntityGraph, EntityPage } from './catalogProtocol';
import { webviewNotification, webviewRequest } from './webviewMessages';

export type { ApiSchemaView, EntityGraph, EntityGraphEdge, EntityGraphNode, EntityPage, EntityPageLink, EntityPageSection, LinkView, LocationTargetView } from './catalogProtocol';

/** What VS Code keeps of a page across a window reload: which entity it shows. */
export interface EntityPageState {
  ref: string;
}

/** What the page shows: the entity's page, or the ref the catalog no longer has. */
export type EntityPageView = { page: EntityPage } | { missing: string };

/** Host → page: the page to show, after each ready and after every catalog change. */
export const ShowPageNotification = webviewNotification<EntityPageView>('show');

/** Where the page's Back and Forward buttons lead: the pages this one was opened from and went on to. */
export interface PageNavigation {
  back?: { ref: string; title: string };
  forward?: { ref: string; title: string };
}

/** Host → page: where Back and Forward lead, whenever that changes. */
export const ShowNavigationNotification = webviewNotification<PageNavigation>('navigation');

/** Page → host: go back to the page this one was opened from, or forward to the one it went on to. */
export const NavigateNotification = webviewNotification<{ to: 'back' | 'forward' }>('navigate');

/** Page → host: open another entity's page (its own tab, reused when open). */
export const OpenEntityNotification = webviewNotification<{ ref: string }>('openEntity');

/** Page → host: open a tool link or a link from the description; the host decides whether it may open. */
export const OpenLinkNotification = webviewNotification<{ url: string }>('openLink');

/** What the page's buttons ask of the entity shown. */
export type EntityAction = 'goToDefinition' | 'openInBackstage' | 'openDocs' | 'copyRef' | 'createFromTemplate';

/** Page → host: run one of the header's actions on the entity shown. */
export const EntityActionNotification = webviewNotification<{ action: EntityAction }>('action');

/** Page → host request: the relations graph around the entity shown, to a depth of 1–3, as the server draws it. */
export const GraphRequest = webviewRequest<{ depth: number }, EntityGraph | null>('graph');
