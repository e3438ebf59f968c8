import * as vscode from 'vscode';
import type { BackstageStatus, CatalogStatus } from '../protocol/catalogProtocol';
import { registerBackstageCommands } from './backstage/backstageCommands';
import { BackstageStatusView } from './backstage/backstageStatusView';
import { BackstageTokens } from './credentials/backstageTokens';
import { CatalogServer } from './client/catalogServer';
import { registerRemoteEntityDocuments } from './backstage/remoteEntityDocuments';
import { githubToken } from './credentials/githubSignIn';
import { registerTemplateCommands } from './templates/templateCommands';
import { registerTemplatePreviewCommands } from './templates/templatePreviewCommands';
import { registerDocsCommands } from './docs/docsCommands';
import { registerMkdocsCodeLens } from './docs/mkdocsCodeLens';
import { registerEntityPageCommands } from './entityPage/entityPageCommands';
import { registerFileOwner } from './fileOwner/fileOwnerStatusBar';
import { registerApiDefinitionCodeLens } from './entityPage/apiDefinitionCodeLens';
import { CatalogHealthProvider, openRulesFile } from './catalogHealth/catalogHealthView';
import { registerLanguageModelTools } from './agents/languageModelTools';
import { registerChatParticipant } from './agents/chatParticipant';
import { BackstageMcpProvider, BACKSTAGE_MCP_PROVIDER_ID } from './agents/backstageMcpProvider';
import { CatalogMcpChoices, chooseCatalogMcpServers } from './agents/catalogMcpChoices';
import { CatalogMcpProvider, CATALOG_MCP_PROVIDER_ID } from './agents/catalogMcpProvider';
import { CatalogTreeProvider } from './catalogTree/catalogTree';
import { loadingMessage } from './catalogTree/loadingMessage';
import { registerCommands } from './commands';
import { getGroupBy } from './settings';

/** What Greenroom offers other extensions (and its own tests): the tree exactly as the user sees it. */
export interface GreenroomApi {
  readonly catalogTree: CatalogTreeProvider;
  /** Resolves once the catalog has been read. */
  whenCatalogLoaded(): Promise<CatalogStatus>;
  /** The configured Backstage instances' states, as the status bar shows them. */
  backstageStatuses(): readonly BackstageStatus[];
  readonly onDidChangeBackstage: vscode.Event<BackstageStatus[]>;
}

export function activate(context: vscode.ExtensionContext): GreenroomApi {
  const log = vscode.window.createOutputChannel('Greenroom', { log: true });
  const tokens = new BackstageTokens(context);
  const server = new CatalogServer(context, log, { backstage: (origin) => tokens.tokenFor(origin), github: (host) => githubToken(host) });
  const tree = new CatalogTreeProvider(server);
  const view = vscode.window.createTreeView('greenroom.catalog', { treeDataProvider: tree, showCollapseAll: true });
  const health = new CatalogHealthProvider(server);
  const mcpChoices = new CatalogMcpChoices(context);
  const backstageMcp = new BackstageMcpProvider(tokens, log);
  const catalogMcp = new CatalogMcpProvider(server, mcpChoices, log);
  context.subscriptions.push(
    log,
    tokens,
    server,
    tree,
    view,
    health,
    vscode.window.createTreeView('greenroom.health', { treeDataProvider: health, showCollapseAll: true }),
    vscode.commands.registerCommand('greenroom.openRulesFile', () => openRulesFile(server)),
    vscode.commands.registerCommand('greenroom.refreshHealth', () => health.refresh()),
    new BackstageStatusView(server, view, log),
    registerRemoteEntityDocuments(server),
    ...registerCommands(server, tree, view, log),
    ...registerBackstageCommands(server, tokens),
    ...registerTemplateCommands(context, server, log),
    ...registerTemplatePreviewCommands(context, server, log),
    ...registerDocsCommands(context, server),
    ...registerMkdocsCodeLens(server),
    ...registerFileOwner(server),
    ...registerApiDefinitionCodeLens(server),
    ...registerEntityPageCommands(context, server, log, (entity) => Promise.resolve(view.reveal(tree.nodeForEntity(entity), { select: true, focus: true }))),
    ...registerLanguageModelTools(context, server),
    registerChatParticipant(context),
    mcpChoices,
    backstageMcp,
    catalogMcp,
    vscode.lm.registerMcpServerDefinitionProvider(BACKSTAGE_MCP_PROVIDER_ID, backstageMcp),
    vscode.lm.registerMcpServerDefinitionProvider(CATALOG_MCP_PROVIDER_ID, catalogMcp),
    vscode.commands.registerCommand('greenroom.chooseCatalogMcpServers', () => chooseCatalogMcpServers(server, mcpChoices)),
  );

  const describeView = (status?: CatalogStatus) => {
    const grouping = getGroupBy();
    const parts = [grouping === 'kind' ? undefined : `by ${grouping}`, status?.loaded ? `${status.entityCount} entities` : undefined];
    view.description = parts.filter(Boolean).join(' · ') || undefined;
    view.message = status?.progress ? loadingMessage(status.progress) : undefined;
  };
  context.subscriptions.push(
    server.onDidChange((status) => {
      void vscode.commands.executeCommand('setContext', 'greenroom.catalogLoaded', status.loaded);
      // Completes the walkthrough's catalog-file step. The status counts Backstage's entities too,
      // so a catalog file in the workspace is what tells the workspace's own apart.
      void vscode.commands.executeCommand('setContext', 'greenroom.hasWorkspaceEntities', status.loaded && status.fileCount > 0 && status.entityCount > 0);
      void vscode.commands.executeCommand('setContext', 'greenroom.hasRules', status.ruleCount > 0);
      describeView(status);
      tree.refresh();
      health.refresh();
    }),
    server.onDidProgress((status) => {
      describeView(status);
      tree.refreshSoon();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('greenroom.user')) health.refresh();
      if (!event.affectsConfiguration('greenroom.tree.groupBy')) return;
      describeView(server.lastStatus);
      tree.refresh();
    }),
  );

  const loaded = server.whenLoaded();
  void vscode.window.withProgress({ location: { viewId: 'greenroom.catalog' } }, () => loaded);
  // After activation has returned, so that nothing the user waits for pays for the language client or the server's
  // start; a command run before the server is up waits for it.
  setImmediate(() => {
    server.start().catch((error: unknown) => {
      log.error(`The catalog server did not start: ${String(error)}`);
      void vscode.window.showErrorMessage("Greenroom's catalog server did not start, so the catalog is not available.", 'Show Log').then((choice) => {
        if (choice === 'Show Log') log.show();
      });
    });
  });
  return {
    catalogTree: tree,
    whenCatalogLoaded: () => server.whenLoaded(),
    backstageStatuses: () => server.backstageStatuses,
    onDidChangeBackstage: server.onDidChangeBackstage,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the language client stops with it.
}
