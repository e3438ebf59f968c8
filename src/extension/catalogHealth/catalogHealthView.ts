// Catalog Health: the organisation's rules with their pass rates, as a tree in the Greenroom container.
import * as vscode from 'vscode';
import type { EntitySummary, RuleHealthView } from '../../protocol/catalogProtocol';
import { kindIcon } from '../catalogTree/catalogIcons';
import type { CatalogServer } from '../client/catalogServer';

type HealthNode =
  | { type: 'rule'; rule: RuleHealthView }
  | { type: 'owner'; rule: RuleHealthView; owner: RuleHealthView['owners'][number] }
  | { type: 'failing'; entity: EntitySummary; reason: string };

/**
 * Catalog Health: each of the organisation's rules with its pass rate over the catalog (workspace
 * and Backstage), the failing entities under it by owner, the user's own teams first.
 */
export class CatalogHealthProvider implements vscode.TreeDataProvider<HealthNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HealthNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly server: CatalogServer) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: HealthNode): Promise<HealthNode[]> {
    if (!node) {
      if (!this.server.lastStatus?.loaded || !this.server.isRunning) return [];
      const { rules } = await this.server.getRuleHealth();
      // Worst pass rate first: what needs attention leads.
      return [...rules].sort((a, b) => rate(a) - rate(b) || a.id.localeCompare(b.id)).map((rule) => ({ type: 'rule', rule }));
    }
    if (node.type === 'rule') return node.rule.owners.map((owner) => ({ type: 'owner', rule: node.rule, owner }));
    if (node.type === 'owner') return node.owner.failing.map(({ entity, reason }) => ({ type: 'failing', entity, reason }));
    return [];
  }

  getTreeItem(node: HealthNode): vscode.TreeItem {
    if (node.type === 'rule') {
      const { rule } = node;
      const failing = rule.applicable - rule.passing;
      const item = new vscode.TreeItem(rule.id, failing > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = rule.applicable === 0 ? 'applies to no entity' : `${Math.round(rate(rule) * 100)}% · ${rule.passing} of ${rule.applicable} pass`;
      item.tooltip = new vscode.MarkdownString().appendText(`${rule.message}\n\n${severityWord(rule.severity)} · ${rule.passing} of ${rule.applicable} entities pass`);
      item.iconPath = failing === 0 ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) : severityIcon(rule.severity);
      item.accessibilityInformation = { label: `Rule ${rule.id}: ${rule.message}. ${item.description}` };
      return item;
    }
    if (node.type === 'owner') {
      // Refs shortened as the tree shows names: the kind says itself by the icon, the default namespace goes without saying.
      const [, kind = 'group', namespace = 'default', name = node.owner.owner] = /^(?:(\w+):)?(?:([^/]+)\/)?(.+)$/.exec(node.owner.owner) ?? [];
      const item = new vscode.TreeItem(namespace === 'default' ? name : `${namespace}/${name}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${node.owner.failing.length} failing${node.owner.mine ? ' · your team' : ''}`;
      item.iconPath = new vscode.ThemeIcon(node.owner.mine ? 'account' : kind === 'user' ? 'person' : 'organization');
      item.tooltip = node.owner.owner;
      return item;
    }
    const item = new vscode.TreeItem(node.entity.title, vscode.TreeItemCollapsibleState.None);
    item.description = node.reason;
    item.tooltip = new vscode.MarkdownString().appendText(`${node.entity.ref}\n\n${node.reason}`);
    item.iconPath = kindIcon(node.entity.kind);
    item.command = { command: 'greenroom.goToDefinition', title: 'Go to Definition', arguments: [{ type: 'entity', entity: node.entity, parentId: '' }] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function rate(rule: RuleHealthView): number {
  return rule.applicable === 0 ? 1 : rule.passing / rule.applicable;
}

function severityWord(severity: RuleHealthView['severity']): string {
  return severity === 'error' ? 'Error' : severity === 'warning' ? 'Warning' : 'Information';
}

function severityIcon(severity: RuleHealthView['severity']): vscode.ThemeIcon {
  if (severity === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (severity === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
}

/** Opens the organisation's rules file, creating it with two example rules when there is none. */
export async function openRulesFile(server: CatalogServer): Promise<void> {
  const { rulesFile } = await server.getRuleHealth();
  if (!rulesFile) {
    void vscode.window.showInformationMessage('Open a folder first: the rules file belongs in the repository.');
    return;
  }
  const uri = vscode.Uri.file(rulesFile);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_RULES));
  }
  await vscode.window.showTextDocument(uri);
}

const STARTER_RULES = `# The organisation's rules for catalog entities: see Greenroom's README, "Your organisation's rules".
rules:
  - id: owner-is-group
    message: Components are owned by a team, not a person
    when: { kind: [Component, API] }
    require: { field: spec.owner, refKind: group }
  - id: production-has-techdocs
    message: Production services publish TechDocs
    when: { kind: Component, type: service, lifecycle: production }
    require: { annotation: backstage.io/techdocs-ref, placeholder: 'dir:.' }
`;
