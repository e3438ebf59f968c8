// The catalog tree view: groups and entities as the server gives them, with relations and links.
import * as vscode from 'vscode';
import type { EntitySummary, GroupBy } from '../../protocol/catalogProtocol';
import { INVALID_ICON, kindIcon, linkIcon, UNRESOLVED_ICON } from './catalogIcons';
import { nodeId, type CatalogNode, type EntityNode, type GroupNode } from './catalogNodes';
import type { CatalogServer } from '../client/catalogServer';
import { relationLabel } from './relationLabels';
import { getGroupBy } from '../settings';

/**
 * The catalog as a tree: groups, their entities, and under each entity its relations (themselves
 * expandable entities) and tool links. Every level is asked of the server when it is expanded.
 */
export class CatalogTreeProvider implements vscode.TreeDataProvider<CatalogNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CatalogNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The top level as last shown, by id: what `getParent` answers for the entities under it. */
  private groups = new Map<string, GroupNode>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshedAt = 0;

  constructor(private readonly server: CatalogServer) {}

  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.refreshedAt = Date.now();
    this.changed.fire(undefined);
  }

  /** Refreshes at most every PROGRESS_REFRESH_MS while the catalog loads: every level shown is asked again each time. */
  refreshSoon(): void {
    this.refreshTimer ??= setTimeout(() => this.refresh(), Math.max(0, this.refreshedAt + PROGRESS_REFRESH_MS - Date.now()));
  }

  async getChildren(node?: CatalogNode): Promise<CatalogNode[]> {
    try {
      return await this.fetchChildren(node);
    } catch (error) {
      // The server restarting drops requests in flight; the tree refreshes once it has loaded again.
      if (!this.server.isRunning) return [];
      throw error;
    }
  }

  private async fetchChildren(node?: CatalogNode): Promise<CatalogNode[]> {
    if (!node) {
      // Nothing read yet: the view's welcome and progress show instead.
      if (!this.server.lastStatus?.loaded && !this.server.lastStatus?.progress) return [];
      const groupBy = getGroupBy();
      const groups = (await this.server.getGroups({ groupBy })).map((group): GroupNode => ({ type: 'group', groupBy, group }));
      this.groups = new Map(groups.map((node) => [nodeId(node), node]));
      return groups;
    }
    if (node.type === 'group') {
      const entities = await this.server.getGroupEntities({ groupBy: node.groupBy, key: node.group.key });
      return markSameTitles(entities.map((entity): EntityNode => ({ type: 'entity', entity, parentId: nodeId(node) })));
    }
    if (node.type === 'entity') {
      const { location } = node.entity;
      const details = await this.server.getEntityDetails({ ref: node.entity.ref, location: { uri: location.uri, line: location.range.start.line } });
      if (!details) return [];
      const parentId = nodeId(node);
      const distinct = new Map(details.relations.map((relation) => [`${relation.type} ${relation.targetRef.toLowerCase()}`, relation]));
      const relations: CatalogNode[] = [...distinct.values()].map((relation) =>
        relation.target
          ? { type: 'entity', entity: relation.target, relation: relation.type, parentId }
          : { type: 'unresolved', relation: relation.type, targetRef: relation.targetRef, parentId },
      );
      markSameTitles(relations.filter((child): child is EntityNode => child.type === 'entity'));
      const links: CatalogNode[] = details.links.map((link) => ({ type: 'link', link, entity: details.entity, parentId }));
      return [...relations, ...links];
    }
    return [];
  }

  /** Only entities at the top of their group are ever revealed, so only they need a parent. */
  async getParent(node: CatalogNode): Promise<CatalogNode | undefined> {
    if (node.type !== 'entity' || node.relation) return undefined;
    if (!this.groups.has(node.parentId)) await this.getChildren();
    return this.groups.get(node.parentId);
  }

  /** The row of an entity in its group, as the tree currently groups, for `TreeView.reveal`. */
  nodeForEntity(entity: EntitySummary): EntityNode {
    const groupBy = getGroupBy();
    return { type: 'entity', entity, parentId: `group:${groupBy}:${entity.groupKeys[groupBy]}` };
  }

  /** Entity tooltips are the server's entity card, the same as a ref's hover in the editor, fetched on hover. */
  async resolveTreeItem(item: vscode.TreeItem, node: CatalogNode): Promise<vscode.TreeItem> {
    if (node.type !== 'entity') return item;
    const { location } = node.entity;
    const card = await this.server.getEntityCard({ ref: node.entity.ref, location: { uri: location.uri, line: location.range.start.line } });
    if (card) {
      // Catalog text in the card is escaped by the server; no command links, no HTML.
      const markdown = new vscode.MarkdownString(node.relation ? `_${relationLabel(node.relation)}_\n\n${card}` : card);
      markdown.isTrusted = false;
      markdown.supportHtml = false;
      item.tooltip = markdown;
    }
    return item;
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    const item = this.createItem(node);
    item.id = nodeId(node);
    return item;
  }

  private createItem(node: CatalogNode): vscode.TreeItem {
    switch (node.type) {
      case 'group': {
        const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = node.group.invalidCount > 0 ? `${node.group.count} · ${node.group.invalidCount} invalid` : String(node.group.count);
        item.iconPath = groupIcon(node.groupBy, node.group.key);
        item.contextValue = 'group';
        return item;
      }
      case 'entity':
        return entityItem(node);
      case 'unresolved': {
        const item = new vscode.TreeItem(node.targetRef, vscode.TreeItemCollapsibleState.None);
        item.description = `${relationLabel(node.relation)} · not in catalog`;
        item.tooltip = `${node.targetRef} is referenced (${relationLabel(node.relation)}) but defined in no catalog file Greenroom reads.`;
        item.iconPath = UNRESOLVED_ICON;
        item.contextValue = 'unresolved';
        return item;
      }
      case 'link': {
        const item = new vscode.TreeItem(node.link.title, vscode.TreeItemCollapsibleState.None);
        item.description = describeUrl(node.link.url);
        item.tooltip = `${node.link.title}\n${node.link.url}\nfrom ${node.link.origin}`;
        item.iconPath = linkIcon(node.link.icon);
        item.contextValue = 'link';
        item.command = { command: 'greenroom.openLink', title: 'Open Link', arguments: [node] };
        return item;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.changed.dispose();
  }
}

/** How often a tree still loading asks for its levels again. */
const PROGRESS_REFRESH_MS = 1_000;

function entityItem(node: EntityNode): vscode.TreeItem {
  const { entity } = node;
  const item = new vscode.TreeItem(entity.title, vscode.TreeItemCollapsibleState.Collapsed);
  const facts = [entity.type, entity.lifecycle].filter(Boolean).join(' · ');
  const problem = entity.duplicateOf ? 'duplicate' : entity.invalidReason ? `invalid: ${entity.invalidReason}` : undefined;
  // Under another entity the relation is what matters; the type and lifecycle are in the tooltip.
  const origin = !entity.origins.includes('backstage') ? undefined : entity.origins.includes('workspace') ? 'also in Backstage' : 'Backstage';
  const main = node.relation ? [relationLabel(node.relation), problem].filter(Boolean).join(' · ') : (problem ?? facts);
  // What tells two rows of the same title apart comes first, where a narrow view still shows it.
  item.description = [node.distinguisher, main, origin].filter(Boolean).join(' · ');
  item.iconPath = problem ? INVALID_ICON : kindIcon(entity.kind);
  // `.backstage` offers "Open in Backstage" in the context menu, `.template` "Create from Template…", `.docs` "Open Docs".
  item.contextValue = `${problem ? 'entity.invalid' : 'entity'}${entity.backstageUrl ? '.backstage' : ''}${entity.kind === 'Template' && !problem ? '.template' : ''}${entity.hasLocalDocs || entity.hasPublishedDocs ? '.docs' : ''}`;
  item.command = { command: 'greenroom.goToDefinition', title: 'Go to Definition', arguments: [node] };
  item.accessibilityInformation = { label: [`${entity.kind} ${entity.title}`, problem, facts, origin].filter(Boolean).join(', ') };
  return item;
}

/** Gives the rows whose title another row among them shares what tells them apart: their namespace or kind where that does, else their ref. */
function markSameTitles<T extends EntityNode>(nodes: T[]): T[] {
  const byTitle = new Map<string, T[]>();
  for (const node of nodes) byTitle.set(node.entity.title, [...(byTitle.get(node.entity.title) ?? []), node]);
  for (const same of byTitle.values()) {
    if (same.length < 2) continue;
    const apart = (part: (node: T) => string) => new Set(same.map(part)).size === same.length;
    const part = apart((node) => node.entity.namespace) ? (node: T) => node.entity.namespace : apart((node) => node.entity.kind) ? (node: T) => node.entity.kind : (node: T) => node.entity.ref;
    for (const node of same) node.distinguisher = part(node);
  }
  return nodes;
}

function groupIcon(groupBy: GroupBy, key: string): vscode.ThemeIcon {
  if (groupBy === 'kind') return kindIcon(key);
  if (key === '') return new vscode.ThemeIcon('circle-slash');
  return groupBy === 'owner' ? kindIcon(key.slice(0, key.indexOf(':'))) : kindIcon('system');
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? 'local' : parsed.host;
  } catch {
    return url;
  }
}
