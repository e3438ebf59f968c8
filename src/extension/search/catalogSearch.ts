// The catalog search quick pick, answered by the server: entities, then pages and headings of the workspace's docs,
// then (once typing pauses, never holding up the rest) pages of the docs a connected Backstage publishes.
import * as vscode from 'vscode';
import type { EntitySummary, SearchHit } from '../../protocol/catalogProtocol';
import type { BackstageDocsSearchHit, DocsSearchHit } from '../../protocol/docsProtocol';
import { kindIcon, linkIcon } from '../catalogTree/catalogIcons';
import { OPEN_ENTITY_COMMAND, type CatalogServer } from '../client/catalogServer';
import { openLink } from '../linkOpener';

interface HitItem extends vscode.QuickPickItem {
  entity: EntitySummary;
}

interface DocsItem extends vscode.QuickPickItem {
  docs: DocsSearchHit;
}

interface BackstageDocsItem extends vscode.QuickPickItem {
  backstageDocs: BackstageDocsSearchHit;
}

type Item = HitItem | DocsItem | BackstageDocsItem | vscode.QuickPickItem;

/** Backstage is asked once typing pauses this long, after the local answers are shown. */
const BACKSTAGE_DOCS_DELAY_MS = 300;
/** How long the entities' answer waits for the docs' before it is shown alone. */
const DOCS_GRACE_MS = 100;

const FILTERS: readonly { prefix: string; icon: string; tooltip: string }[] = [
  { prefix: 'kind:', icon: 'symbol-class', tooltip: 'Filter by kind (kind:api)' },
  { prefix: 'owner:', icon: 'person', tooltip: 'Filter by owner (owner:team-a)' },
  { prefix: 'tag:', icon: 'tag', tooltip: 'Filter by tag (tag:java)' },
  { prefix: 'type:', icon: 'symbol-enum', tooltip: 'Filter by type (type:service)' },
];

const OPEN_PAGE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('preview'), tooltip: 'Open Entity Page' };
const OPEN_LINKS: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open a Link of This Entity' };
const COPY_REF: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy Entity Ref' };
const REVEAL: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: 'Reveal in the Catalog Tree' };

export interface SearchPickOptions {
  title: string;
  placeholder: string;
  /** Filters applied to every query without showing in the input, e.g. `kind:user,group` for people. */
  scope?: string;
  /** Also finds docs pages and headings; a chosen one opens in the docs viewer. */
  docs?: boolean;
  reveal(entity: EntitySummary): Promise<void>;
  open(entity: EntitySummary): Promise<void>;
}

/**
 * The command-palette search. The server ranks; this pick shows its answers as they come and drops an
 * answer to an older keystroke, so the list never jumps back to what was typed before.
 */
export function showCatalogSearch(server: CatalogServer, options: SearchPickOptions): void {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.buttons = FILTERS.map((filter) => ({ iconPath: new vscode.ThemeIcon(filter.icon), tooltip: filter.tooltip }));
  let latest = 0;
  let entities: Item[] = [];
  let docs: Item[] = [];
  let fromBackstage: Item[] = [];
  let localBusy = false;
  let backstageBusy = false;
  let backstageTimer: NodeJS.Timeout | undefined;
  let backstageAsk: vscode.CancellationTokenSource | undefined;
  const show = () => {
    // Backstage's hits arrive while the list is in use: the item under the cursor stays under it.
    const [active] = pick.activeItems;
    pick.items = [...entities, ...docs, ...fromBackstage];
    if (active && pick.items.includes(active)) pick.activeItems = [active];
    pick.busy = localBusy || backstageBusy;
  };
  /** Backstage's docs for the query `asked`, added below the local answers when they come; a newer query cancels it. */
  const askBackstage = async (value: string, asked: number) => {
    const ask = (backstageAsk = new vscode.CancellationTokenSource());
    backstageBusy = true;
    show();
    try {
      const hits = await server.backstageDocsSearch(value, 20, ask.token);
      if (asked !== latest) return;
      fromBackstage = hits.length > 0 ? [{ label: 'Docs in Backstage', kind: vscode.QuickPickItemKind.Separator }, ...hits.map(toBackstageDocsItem)] : [];
    } catch {
      // Cancelled, or the server failed: the local answers stand alone.
    } finally {
      ask.dispose();
      if (asked === latest) {
        backstageAsk = undefined;
        backstageBusy = false;
        show();
      }
    }
  };
  const query = async (value: string) => {
    const asked = ++latest;
    clearTimeout(backstageTimer);
    backstageAsk?.cancel();
    backstageAsk = undefined;
    backstageBusy = false;
    fromBackstage = [];
    if (options.docs && value.trim()) backstageTimer = setTimeout(() => void askBackstage(value, asked), BACKSTAGE_DOCS_DELAY_MS);
    localBusy = true;
    pick.busy = true;
    // The entities never wait for the docs (whose index may be rebuilding after a change), and a docs search that
    // fails leaves them shown; docs that come soon after are shown with them, so the list does not flicker.
    const docsAnswer = options.docs ? server.docsSearch(value, 20).then(docsItems, () => []) : Promise.resolve([]);
    try {
      const hits = await server.search({ query: options.scope ? `${options.scope} ${value}` : value, limit: 50 });
      if (asked !== latest) return;
      entities = hits.map(toItem);
      const soon = await Promise.race([docsAnswer, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), DOCS_GRACE_MS))]);
      if (asked !== latest) return;
      docs = soon ?? [];
      if (!soon) {
        show();
        const late = await docsAnswer;
        if (asked !== latest) return;
        docs = late;
      }
    } catch (error) {
      if (asked === latest) entities = docs = [];
      void vscode.window.showErrorMessage(`Greenroom's search failed: ${String(error)}`);
    } finally {
      if (asked === latest) {
        localBusy = false;
        show();
      }
    }
  };
  pick.onDidChangeValue((value) => void query(value));
  pick.onDidTriggerButton((button) => {
    const filter = FILTERS.find((f) => f.tooltip === button.tooltip);
    if (filter) pick.value = `${pick.value.trimEnd()} ${filter.prefix}`.trimStart();
  });
  pick.onDidTriggerItemButton(async ({ item, button }) => {
    if (!('entity' in item)) return;
    if (button === OPEN_PAGE) {
      pick.hide();
      await vscode.commands.executeCommand(OPEN_ENTITY_COMMAND, item.entity.ref);
    } else if (button === COPY_REF) {
      await vscode.env.clipboard.writeText(item.entity.ref);
      void vscode.window.setStatusBarMessage(`Copied ${item.entity.ref}`, 3000);
    } else if (button === REVEAL) {
      pick.hide();
      await options.reveal(item.entity);
    } else if (button === OPEN_LINKS) {
      pick.hide();
      await pickEntityLink(server, item.entity);
    }
  });
  pick.onDidAccept(async () => {
    const [chosen] = pick.selectedItems;
    if (!chosen) return;
    pick.hide();
    if ('docs' in chosen) await vscode.commands.executeCommand('greenroom.openDocs', { ref: chosen.docs.ref, page: chosen.docs.page, anchor: chosen.docs.heading?.id });
    else if ('backstageDocs' in chosen) await vscode.commands.executeCommand('greenroom.openDocs', { ref: chosen.backstageDocs.ref, page: chosen.backstageDocs.page, anchor: chosen.backstageDocs.anchor });
    else if ('entity' in chosen) await options.open(chosen.entity);
  });
  pick.onDidHide(() => {
    clearTimeout(backstageTimer);
    backstageAsk?.cancel();
    pick.dispose();
  });
  pick.show();
  void query('');
}

function toItem(hit: SearchHit): HitItem {
  const { entity } = hit;
  const short = (ref: string) => ref.replace(/^group:default\//, '');
  const facts = [
    entity.owner ? `owner ${short(entity.owner)}` : undefined,
    entity.email,
    entity.memberOf?.length ? `member of ${entity.memberOf.map(short).join(', ')}` : undefined,
    entity.description,
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    label: entity.title,
    iconPath: kindIcon(entity.kind),
    description: entity.ref,
    detail: facts || undefined,
    // The server already filtered and ranked: every answer stays, in its order.
    alwaysShow: true,
    entity,
    buttons: [OPEN_PAGE, OPEN_LINKS, COPY_REF, REVEAL],
  };
}

/** The docs hits under their separator. */
function docsItems(hits: DocsSearchHit[]): Item[] {
  return hits.length > 0 ? [{ label: 'Docs', kind: vscode.QuickPickItemKind.Separator }, ...hits.map(toDocsItem)] : [];
}

/** A docs page, or a heading of one, under the page and site it belongs to; found by its words, with them. */
function toDocsItem(hit: DocsSearchHit): DocsItem {
  return {
    label: hit.heading?.text ?? hit.pageTitle,
    iconPath: new vscode.ThemeIcon(hit.heading ? 'symbol-key' : 'book'),
    description: hit.heading ? `${hit.pageTitle} · ${hit.siteName}` : hit.siteName,
    // A hit in the words shows them, so that the person sees why it was found.
    detail: hit.snippet ?? hit.ref,
    alwaysShow: true,
    docs: hit,
  };
}

/** A page, or a section of one, of the docs Backstage publishes, marked as Backstage's. */
function toBackstageDocsItem(hit: BackstageDocsSearchHit): BackstageDocsItem {
  return {
    label: hit.title,
    iconPath: new vscode.ThemeIcon('cloud'),
    description: `${hit.ref} · Backstage (${new URL(hit.publishedBy).host})`,
    detail: hit.text || undefined,
    alwaysShow: true,
    backstageDocs: hit,
  };
}

/** Picks one link of one entity and opens it. */
async function pickEntityLink(server: CatalogServer, entity: EntitySummary): Promise<void> {
  const { location } = entity;
  const details = await server.getEntityDetails({ ref: entity.ref, location: { uri: location.uri, line: location.range.start.line } });
  const links = details?.links ?? [];
  if (links.length === 0) {
    void vscode.window.showInformationMessage(`${entity.title} has no links. Add metadata.links or a well-known annotation to its catalog-info.yaml.`);
    return;
  }
  const chosen = await vscode.window.showQuickPick(
    links.map((link) => ({ label: link.title, iconPath: linkIcon(link.icon), description: link.url, link })),
    { title: `Links of ${entity.title}`, placeHolder: 'Open a link' },
  );
  if (chosen) await openLink(chosen.link.url);
}

/** "Open Tool Link…": every link of every entity, searchable by title, entity and URL. */
export async function pickToolLink(server: CatalogServer): Promise<void> {
  const links = await server.getAllLinks();
  if (links.length === 0) {
    void vscode.window.showInformationMessage('No entity in the catalog has links yet.');
    return;
  }
  const chosen = await vscode.window.showQuickPick(
    links.map(({ entity, link }) => ({ label: link.title, iconPath: linkIcon(link.icon), description: entity.title, detail: link.url, url: link.url })),
    { title: 'Open Tool Link', placeHolder: 'Search links by title, entity or URL', matchOnDescription: true, matchOnDetail: true },
  );
  if (chosen) await openLink(chosen.url);
}
