// The client of the catalog server: starts it, restarts it when it crashes, and wraps its typed requests.
import * as vscode from 'vscode';
import {
  BackstageDocsSearchRequest,
  DocsEntitiesRequest,
  DocsPageRequest,
  DocsSearchRequest,
  DocsSiteRequest,
  type BackstageDocsSearchHit,
  type DocsEntity,
  type DocsPageParams,
  type DocsSearchHit,
  type DocsPageResult,
  type DocsSiteResult,
} from '../../protocol/docsProtocol';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  RuleHealthRequest,
  type RuleHealthResult,
  BackstageStatusNotification,
  BackstageTokenRequest,
  CheckBackstageRequest,
  RefreshBackstageRequest,
  RemoteEntityTextRequest,
  type BackstageStatus,
  type BackstageTokenResult,
  type CheckBackstageParams,
  type CheckBackstageResult,
  AwaitRegisteredRequest,
  CancelRemoteTemplateRequest,
  GitHubTokenRequest,
  type AwaitRegisteredResult,
  RunRemoteTemplateRequest,
  RunTemplateRequest,
  TemplateFormRequest,
  TemplateLogNotification,
  WorkspaceTrustNotification,
  TemplatesRequest,
  type RunRemoteTemplateParams,
  type RunRemoteTemplateResult,
  type RunTemplateParams,
  type RunTemplateResult,
  type TemplateFormResult,
  type TemplateLogParams,
  type TemplatesResult,
  CatalogChangedNotification,
  CatalogStatusRequest,
  AllLinksRequest,
  EntityCardRequest,
  EntityDetailsRequest,
  EntityPageRequest,
  type EntityPage,
  ApiDefinitionLensRequest,
  type ApiDefinitionLens,
  type ApiDefinitionLensParams,
  EntityGraphRequest,
  type EntityGraph,
  type EntityGraphParams,
  FileOwnerRequest,
  type FileOwner,
  type FileOwnerParams,
  EntityGroupsRequest,
  GroupEntitiesRequest,
  PickerEntitiesRequest,
  ReloadCatalogRequest,
  SearchRequest,
  type AllLinksResult,
  type CatalogStatus,
  type EntityDetailsParams,
  type EntityDetailsResult,
  type EntityGroupsParams,
  type EntityGroupsResult,
  type GroupEntitiesParams,
  type PickerEntitiesParams,
  type EntityOption,
  type GroupEntitiesResult,
  type SearchParams,
  type SearchResultList,
  TemplatePreviewRequest,
  TemplatePreviewRunRequest,
  type TemplatePreview,
  type TemplatePreviewParams,
  type TemplatePreviewRun,
  type TemplatePreviewRunParams,
} from '../../protocol/catalogProtocol';
import { AgentToolRequest, type AgentToolParams, type AgentToolResult } from '../../protocol/agentProtocol';
import { SecretSeal } from '../credentials/secretSeal';

/** The command that opens an entity's page, given its ref: the server links hover cards to it. */
export const OPEN_ENTITY_COMMAND = 'greenroom.openEntityPage';

/** Crashes tolerated within the window before Greenroom stops restarting the server and asks the user. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/**
 * The extension's side of the catalog server: starts it, restarts it if it dies (telling the user),
 * and offers its custom requests as typed methods. The extension keeps no copy of the catalog.
 */
export class CatalogServer implements vscode.Disposable {
  /** Made on first use, not at activation: constructing the language client alone takes milliseconds. */
  private created: LanguageClient | undefined;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<CatalogStatus>();
  /** Fires after every catalog change, including the first load. */
  readonly onDidChange = this.changed.event;
  private readonly progressed = new vscode.EventEmitter<CatalogStatus>();
  /** Fires while the first load reads files: the status carries its progress, and the tree's requests answer from what it has read. */
  readonly onDidProgress = this.progressed.event;
  private status: CatalogStatus | undefined;
  private readonly backstageChanged = new vscode.EventEmitter<BackstageStatus[]>();
  /** Fires when a Backstage instance's status changes (loading progress included). */
  readonly onDidChangeBackstage = this.backstageChanged.event;
  private backstage: BackstageStatus[] = [];
  private readonly templateLogged = new vscode.EventEmitter<TemplateLogParams>();
  /** A line of a running template's log. */
  readonly onTemplateLog = this.templateLogged.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.progressed, this.backstageChanged, this.templateLogged];
  /** Seals tokens and template secrets on their way to the server, which alone has this key: a message trace shows none. */
  private readonly seal = new SecretSeal();

  /** `credentials` answer the server's token requests: the extension decides what may be sent where. */
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly credentials: { backstage(origin: string): Promise<string | undefined>; github(host: string): Promise<string | undefined> },
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        // Only the catalog's own settings change what the server reads; a tree setting must not reload it.
        // A server not made yet reads them when it starts.
        if (this.created && (event.affectsConfiguration('greenroom.catalog') || event.affectsConfiguration('greenroom.backstage'))) {
          void this.created.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.created?.isRunning()) void this.created.sendNotification(WorkspaceTrustNotification, { trusted: true });
      }),
    );
  }

  /** The language client, made with its handlers on first use, so that a request that starts the server finds them. */
  private get client(): LanguageClient {
    return (this.created ??= this.createClient());
  }

  private createClient(): LanguageClient {
    const module = this.context.asAbsolutePath('dist/server.js');
    const env = this.seal.environment();
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { env } },
      debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6010'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'file', pattern: '**/*.{yaml,yml}' },
      ],
      outputChannel: this.log,
      traceOutputChannel: this.log,
      errorHandler: new RestartingErrorHandler(this.log, () => (this.status = undefined)),
      // A function: a restarted server learns the trust of the moment, not of the first start.
      initializationOptions: () => ({ storagePath: this.context.globalStorageUri.fsPath, workspaceTrusted: vscode.workspace.isTrusted, entityPageCommand: OPEN_ENTITY_COMMAND }),
      // Hover cards escape catalog text; the one command their links may run opens an entity's page.
      markdown: { isTrusted: { enabledCommands: [OPEN_ENTITY_COMMAND] }, supportHtml: false },
    };
    const client = new LanguageClient('greenroom', 'Greenroom Catalog Server', serverOptions, clientOptions);
    // A stopped or restarting server has no catalog until it has loaded again.
    this.disposables.push(
      client.onDidChangeState((event) => {
        if (event.newState !== State.Running) this.status = undefined;
      }),
    );
    client.onNotification(CatalogChangedNotification, (status) => {
      // Once per (re)start, so that the log says the server is up and what it read.
      if (status.loaded && !this.status?.loaded) this.log.info(loadedMessage(status));
      this.status = status;
      // A load under way is no change to react to yet; what shows the catalog listens to its progress.
      if (status.progress) this.progressed.fire(status);
      else this.changed.fire(status);
    });
    client.onNotification(BackstageStatusNotification, ({ instances }) => {
      this.backstage = instances;
      this.backstageChanged.fire(instances);
    });
    client.onNotification(TemplateLogNotification, (line) => this.templateLogged.fire(line));
    client.onRequest(BackstageTokenRequest, async (params) => this.sealed(await this.credentials.backstage(params.origin)));
    client.onRequest(GitHubTokenRequest, async (params) => this.sealed(await this.credentials.github(params.host)));
    return client;
  }

  /** Starts the server; requests sent before it is up wait for it (the first one starts it if this has not yet). */
  async start(): Promise<void> {
    if (!this.disposed) await this.client.start();
  }

  /** The configured Backstage instances as last reported. */
  get backstageStatuses(): readonly BackstageStatus[] {
    return this.backstage;
  }

  checkBackstage(params: CheckBackstageParams): Promise<CheckBackstageResult> {
    return this.client.sendRequest(CheckBackstageRequest, { ...params, token: typeof params.token === 'string' ? (this.sealed(params.token) ?? undefined) : params.token });
  }

  /** Loads the Backstage catalogs again; `forget` drops that instance's catalog and cache first. */
  async refreshBackstage(forget?: string): Promise<void> {
    await this.client.sendRequest(RefreshBackstageRequest, { forget });
  }

  /** Runs a catalog tool for a language model; the server answers from its catalog. */
  callAgentTool(params: AgentToolParams): Promise<AgentToolResult> {
    return this.client.sendRequest(AgentToolRequest, params);
  }

  getTemplates(): Promise<TemplatesResult> {
    return this.client.sendRequest(TemplatesRequest);
  }

  getTemplateForm(ref: string): Promise<TemplateFormResult> {
    return this.client.sendRequest(TemplateFormRequest, { ref });
  }

  runTemplate(params: RunTemplateParams): Promise<RunTemplateResult> {
    return this.client.sendRequest(RunTemplateRequest, { ...params, secrets: undefined, sealedSecrets: this.seal.sealSecrets(params.secrets) });
  }

  /** The preview of the Template in an open file, from its current text (the client sends pending edits first). */
  templatePreview(params: TemplatePreviewParams): Promise<TemplatePreview> {
    return this.client.sendRequest(TemplatePreviewRequest, params);
  }

  templatePreviewRun(params: TemplatePreviewRunParams): Promise<TemplatePreviewRun> {
    return this.client.sendRequest(TemplatePreviewRunRequest, { ...params, secrets: undefined, sealedSecrets: this.seal.sealSecrets(params.secrets) });
  }

  runRemoteTemplate(params: RunRemoteTemplateParams): Promise<RunRemoteTemplateResult> {
    return this.client.sendRequest(RunRemoteTemplateRequest, { ...params, secrets: undefined, sealedSecrets: this.seal.sealSecrets(params.secrets) });
  }

  private sealed(token: string | undefined): BackstageTokenResult {
    return token ? this.seal.seal(token) : null;
  }

  /** Waits until Backstage has `ref`, registered by a run of `templateRef`, and the catalog holds it. */
  awaitRegistered(templateRef: string, ref: string): Promise<AwaitRegisteredResult> {
    return this.client.sendRequest(AwaitRegisteredRequest, { templateRef, ref });
  }

  async cancelRemoteTemplate(ref: string): Promise<void> {
    await this.client.sendRequest(CancelRemoteTemplateRequest, { ref });
  }

  getRemoteEntityText(uri: string): Promise<string> {
    return this.client.sendRequest(RemoteEntityTextRequest, { uri });
  }

  async restart(): Promise<void> {
    this.status = undefined;
    await this.client.restart();
  }

  get isRunning(): boolean {
    return this.created?.state === State.Running;
  }

  /** The last status the server sent; undefined until the first load finished. */
  get lastStatus(): CatalogStatus | undefined {
    return this.status;
  }

  /** Resolves once the catalog has loaded (immediately if it already has). */
  whenLoaded(): Promise<CatalogStatus> {
    if (this.status?.loaded && this.isRunning) return Promise.resolve(this.status);
    return new Promise((resolve) => {
      const subscription = this.onDidChange((status) => {
        if (!status.loaded) return;
        subscription.dispose();
        resolve(status);
      });
    });
  }

  getStatus(): Promise<CatalogStatus> {
    return this.client.sendRequest(CatalogStatusRequest);
  }

  getGroups(params: EntityGroupsParams): Promise<EntityGroupsResult> {
    return this.client.sendRequest(EntityGroupsRequest, params);
  }

  getGroupEntities(params: GroupEntitiesParams): Promise<GroupEntitiesResult> {
    return this.client.sendRequest(GroupEntitiesRequest, params);
  }

  getPickerEntities(params: PickerEntitiesParams): Promise<EntityOption[]> {
    return this.client.sendRequest(PickerEntitiesRequest, params);
  }

  getEntityDetails(params: EntityDetailsParams): Promise<EntityDetailsResult> {
    return this.client.sendRequest(EntityDetailsRequest, params);
  }

  getRuleHealth(): Promise<RuleHealthResult> {
    return this.client.sendRequest(RuleHealthRequest);
  }

  /** The entity page of one entity, as the server puts it together; null when the catalog lacks it. */
  getEntityPage(params: EntityDetailsParams): Promise<EntityPage | null> {
    return this.client.sendRequest(EntityPageRequest, params);
  }

  /** The relations graph around an entity, to a depth of 1–3. */
  getEntityGraph(params: EntityGraphParams): Promise<EntityGraph | null> {
    return this.client.sendRequest(EntityGraphRequest, params);
  }

  /** The APIs whose definition a file is, with their providers and consumers. */
  getApiDefinitionLenses(params: ApiDefinitionLensParams): Promise<ApiDefinitionLens[]> {
    return this.client.sendRequest(ApiDefinitionLensRequest, params);
  }

  /** Who owns a file, and by which rule; null when nothing says. */
  getFileOwner(params: FileOwnerParams): Promise<FileOwner | null> {
    return this.client.sendRequest(FileOwnerRequest, params);
  }

  getEntityCard(params: EntityDetailsParams): Promise<string | null> {
    return this.client.sendRequest(EntityCardRequest, params);
  }

  search(params: SearchParams): Promise<SearchResultList> {
    return this.client.sendRequest(SearchRequest, params);
  }

  getAllLinks(): Promise<AllLinksResult> {
    return this.client.sendRequest(AllLinksRequest);
  }

  docsEntities(): Promise<DocsEntity[]> {
    return this.client.sendRequest(DocsEntitiesRequest);
  }

  docsSite(ref: string): Promise<DocsSiteResult> {
    return this.client.sendRequest(DocsSiteRequest, { ref });
  }

  docsPage(params: DocsPageParams): Promise<DocsPageResult> {
    return this.client.sendRequest(DocsPageRequest, params);
  }

  docsSearch(query: string, limit: number): Promise<DocsSearchHit[]> {
    return this.client.sendRequest(DocsSearchRequest, { query, limit });
  }

  /** Backstage's docs matching `query`; cancelling `token` stops the server waiting for Backstage. */
  backstageDocsSearch(query: string, limit: number, token?: vscode.CancellationToken): Promise<BackstageDocsSearchHit[]> {
    return this.client.sendRequest(BackstageDocsSearchRequest, { query, limit }, token);
  }

  async reload(): Promise<void> {
    await this.client.sendRequest(ReloadCatalogRequest);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const disposable of this.disposables) disposable.dispose();
    await this.created?.stop();
  }
}

/** Restarts a crashed server and says so; gives up (with a way to try again) if it keeps crashing. */
class RestartingErrorHandler implements ErrorHandler {
  private readonly crashes: number[] = [];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly onClosed: () => void,
  ) {}

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    this.onClosed();
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0] > RESTART_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_RESTARTS) {
      this.log.error('The catalog server keeps stopping; not restarting it again.');
      void vscode.window.showErrorMessage("Greenroom's catalog server stopped 5 times in 3 minutes and was not restarted. The log may say why.", 'Show Log', 'Restart Server').then((choice) => {
        if (choice === 'Show Log') this.log.show();
        if (choice === 'Restart Server') void vscode.commands.executeCommand('greenroom.restartServer');
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.log.warn('The catalog server stopped unexpectedly; restarting it.');
    void vscode.window.showWarningMessage("Greenroom's catalog server stopped unexpectedly and has been restarted.", 'Show Log').then((choice) => {
      if (choice === 'Show Log') this.log.show();
    });
    return { action: CloseAction.Restart, handled: true };
  }
}

/** "Catalog loaded: 63 entities from 38 files, 1 error, no warnings." */
function loadedMessage({ entityCount, fileCount, errorCount, warningCount }: CatalogStatus): string {
  const count = (n: number, one: string, many: string) => (n === 0 ? `no ${many}` : `${n} ${n === 1 ? one : many}`);
  return `Catalog loaded: ${count(entityCount, 'entity', 'entities')} from ${count(fileCount, 'file', 'files')}, ${count(errorCount, 'error', 'errors')}, ${count(warningCount, 'warning', 'warnings')}.`;
}
