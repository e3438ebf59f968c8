import * as path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  LSPErrorCodes,
  ResponseError,
  type RequestMessage,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  type InitializeParams,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { FileChange } from '../core/catalog/catalog';
import {
  CatalogChangedNotification,
  ReloadCatalogRequest,
  WorkspaceTrustNotification,
  type BackstageSettings,
  type CatalogSettings,
  type GitHubSettings,
} from '../protocol/catalogProtocol';
import { isAlwaysExcluded, MAX_CATALOG_FILE_BYTES } from '../sources/workspaceFiles';
import { codeVersion } from '../sources/catalogSnapshotStore';
import { registerBackstage } from './backstage/backstageConnection';
import { instancesOf } from './backstage/backstageSync';
import { registerRemoteTemplateRuns } from './templates/remoteTemplateRuns';
import { registerTemplatePreview } from './templates/templatePreview';
import { registerTemplateRequests } from './templates/templateRequests';
import { registerCatalogRequests } from './catalog/catalogRequests';
import { DiagnosticsPublisher } from './catalog/diagnosticsPublisher';
import { OffThreadParser } from './parsing/offThreadParser';
import { registerRuleHealthRequests } from './catalog/ruleHealthRequests';
import { registerAgentRequests } from './agents/agentRequests';
import { hostActions } from './templates/hostActions';
import { registerLanguageFeatures } from './features/languageFeatures';
import { SearchSync } from './catalog/searchSync';
import { WorkspaceCatalog } from './catalog/workspaceCatalog';
import { MergedProblems } from './catalog/mergeProblems';
import { registerDocsRequests } from './docs/docsRequests';
import { registerFileOwnerRequests } from './catalog/fileOwners';
import { slicePause } from './slices';

/** What a client may pass at initialization; an editor without `workspace/configuration` passes its settings here. */
interface InitializationOptions {
  catalog?: Partial<CatalogSettings>;
  backstage?: Partial<BackstageSettings>;
  github?: Partial<GitHubSettings>;
  /** The user's entity ref, for `${{ user.entity }}` in templates. */
  user?: string;
  /** A folder for cached Backstage catalogs. */
  storagePath?: string;
  firstRetryMs?: number;
  requestTimeoutMs?: number;
  /** Whether the user trusts the workspace; editors without workspace trust leave it out. */
  workspaceTrusted?: boolean;
  /** The client's command that opens an entity's page with its ref: hover cards then link to it. */
  entityPageCommand?: string;
}

// `--stdio`, `--node-ipc` and `--socket=` are read by createConnection itself. A request the client
// cancels before it is handled (its document changed meanwhile) is answered as cancelled, unread.
const connection = createConnection(ProposedFeatures.all, {
  connectionStrategy: { cancelUndispatched: (message) => ({ jsonrpc: '2.0', id: (message as RequestMessage).id, error: new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled').toJson() }) },
});
const parser = new OffThreadParser(path.join(__dirname, 'parseWorker.js'));
const documents = new TextDocuments(TextDocument);
const diagnostics = new DiagnosticsPublisher(connection);
const search = new SearchSync();
const workspace = new WorkspaceCatalog(
  (catalog) => {
    publishProblems();
    const announce = () => void connection.sendNotification(CatalogChangedNotification, workspace.status());
    docs.catalogChanged();
    // A load is announced once search has taken in its last entities too (those of its final link, a few hundred): the
    // first search after it then answers as fast as any other instead of waiting for them.
    if (search.catalogChanged(catalog)) void search.ready().then(announce, announce);
    else announce();
    backstage?.catalogChanged();
    // In slices ahead of other work, before a search showing a user's groups asks for them all at once.
    void catalog.prepareRelations(slicePause({ ahead: true }));
  },
  { readCatalogFile: parser.readCatalogFile, maxOpenBytes: MAX_CATALOG_FILE_BYTES },
  // While the first load reads: the tree fills in and the index grows; problems follow the end of the load.
  (catalog, arrived, tell) => {
    if (tell) void connection.sendNotification(CatalogChangedNotification, workspace.status());
    if (arrived.length > 0) search.arrived(catalog, arrived);
  },
  // A warm start's preview: the tree and search answer from it while the saved catalog is decoded.
  () => void connection.sendNotification(CatalogChangedNotification, workspace.status()),
);

let folders: WorkspaceFolder[] = [];
let canPullConfiguration = false;
let canWatchFiles = false;
let canTrackFolders = false;
let initialSettings: Partial<CatalogSettings> = {};
let initialBackstage: Partial<BackstageSettings> = {};
let backstage: ReturnType<typeof registerBackstage> | undefined;
let initialGitHub: Partial<GitHubSettings> = {};
let initialUser: string | undefined;
let workspaceTrusted = true;
let entityPageCommand: string | undefined;
/** The Backstage catalog modules of the last reload, for the agent tools' checks of unsaved YAML. */
let backstageModules: readonly string[] = [];
/** Edits arrive per keystroke; the catalog re-reads a file once typing pauses, even briefly. */
const EDIT_DELAY_MS = 10;
const pendingEdits = new Map<string, NodeJS.Timeout>();
/** Edits of open documents being applied to the catalog, by URI: the latest of each. */
const appliedEdits = new Map<string, Promise<void>>();

connection.onInitialize((params: InitializeParams) => {
  folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canTrackFolders = params.capabilities.workspace?.workspaceFolders === true;
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  initialSettings = options.catalog ?? {};
  initialBackstage = options.backstage ?? {};
  initialGitHub = options.github ?? {};
  initialUser = options.user;
  workspaceTrusted = options.workspaceTrusted ?? true;
  entityPageCommand = typeof options.entityPageCommand === 'string' && /^[\w.-]+$/.test(options.entityPageCommand) ? options.entityPageCommand : undefined;
  backstage = registerBackstage(connection, workspace, { ...options, settings: options.backstage, canPullConfiguration });
  if (typeof options.storagePath === 'string' && path.isAbsolute(options.storagePath)) {
    workspace.enableWarmStart({
      folder: options.storagePath,
      version: codeVersion(),
      restoreSearch: (load, catalog) => search.restore(load, catalog),
      searchSnapshot: () => search.snapshot(),
    });
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: [':', '/', ' '] },
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      documentLinkProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'Greenroom catalog server' },
  };
});

connection.onInitialized(() => {
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: '**/*.{yaml,yml,json,md,markdown}' },
        // Folders that appear or vanish (a checkout, a move): files inside a brand-new folder can
        // be written before a watcher sees the folder, so the catalog looks inside it itself.
        { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
      ],
    });
  }
  if (canTrackFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((folder) => folder.uri));
      folders = [...folders.filter((folder) => !removed.has(folder.uri)), ...event.added];
      void reload();
    });
  }
  void reload();
  void run(() => backstage!.configure());
});

connection.onDidChangeConfiguration(() => {
  void reload();
  void run(() => backstage!.configure());
});

connection.onDidChangeWatchedFiles((params) => {
  const changes: FileChange[] = params.changes
    .filter((change) => change.uri.startsWith('file:'))
    .map((change): FileChange => ({
      path: URI.parse(change.uri).fsPath,
      type: change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed',
    }))
    .filter((change) => !isAlwaysExcluded(change.path));
  // An open document's text comes from the editor, not the disk: saving it changes nothing.
  const relevant = changes.filter((change) => change.type !== 'changed' || !documents.get(URI.file(change.path).toString()));
  if (relevant.length > 0) void run(() => workspace.applyChanges(relevant));
  docs.filesChanged(changes.map((change) => change.path));
});

documents.onDidChangeContent(({ document }) => scheduleEdit(document.uri));
documents.onDidClose(({ document }) => {
  clearTimeout(pendingEdits.get(document.uri));
  pendingEdits.delete(document.uri);
  if (document.uri.startsWith('file:')) void run(() => workspace.setOpenText(URI.parse(document.uri).fsPath, undefined));
});

/** Applies an edit still waiting for the typing pause now, and waits for one being applied: a preview asks with the text just typed. */
async function settleEdit(uri: string): Promise<void> {
  if (pendingEdits.has(uri)) {
    clearTimeout(pendingEdits.get(uri));
    applyEdit(uri);
  }
  await appliedEdits.get(uri);
}

function applyEdit(uri: string): void {
  pendingEdits.delete(uri);
  const document = documents.get(uri);
  if (!document) return;
  const applied = run(() => workspace.setOpenText(URI.parse(uri).fsPath, document.getText()));
  appliedEdits.set(uri, applied);
  void applied.then(() => appliedEdits.get(uri) === applied && appliedEdits.delete(uri));
}

function scheduleEdit(uri: string): void {
  if (!uri.startsWith('file:')) return;
  clearTimeout(pendingEdits.get(uri));
  pendingEdits.set(
    uri,
    setTimeout(() => applyEdit(uri), EDIT_DELAY_MS),
  );
}

const docs = registerDocsRequests(connection, workspace, () => publishProblems(), {
  instances: () => backstage?.sync.instances() ?? [],
  options: async (baseUrl) => backstage?.sync.requestOptions(baseUrl),
});

const problems = new MergedProblems();

/** The catalog's problems and the docs sites' as one set of diagnostics: those of the files that changed. */
function publishProblems(): void {
  const { problems: merged, changed } = problems.update(workspace.catalog, docs.problems());
  diagnostics.publish(merged, changed);
}

registerLanguageFeatures(connection, documents, workspace, parser, search, () => entityPageCommand);
registerCatalogRequests(connection, workspace, search, (record) => (record.remote && backstage ? backstage.sync.fullEntity(record.remote.baseUrl, record.ref) : Promise.resolve(record.entity)));
registerFileOwnerRequests(connection, workspace, () => folders.map((folder) => URI.parse(folder.uri).fsPath));
registerRuleHealthRequests(connection, workspace, configuredUser);
registerTemplateRequests(
  connection,
  workspace,
  (record) => (record.remote && backstage ? backstage.sync.fullEntity(record.remote.baseUrl, record.ref) : Promise.resolve(record.entity)),
  {
    github: async () => ((await pull('greenroom.github')) as Partial<GitHubSettings> | null) ?? initialGitHub,
    user: configuredUser,
    workspaceTrusted: () => workspaceTrusted,
  },
);
registerTemplatePreview(connection, workspace, {
  settle: settleEdit,
  fullEntity: (record) => (record.remote && backstage ? backstage.sync.fullEntity(record.remote.baseUrl, record.ref) : Promise.resolve(record.entity)),
  scaffolder: async (baseUrl) => (await backstage?.sync.scaffolder(baseUrl))?.options,
  settings: {
    github: async () => ((await pull('greenroom.github')) as Partial<GitHubSettings> | null) ?? initialGitHub,
    user: configuredUser,
    workspaceTrusted: () => workspaceTrusted,
  },
  dryActions: hostActions(connection, async () => ((await pull('greenroom.github')) as Partial<GitHubSettings> | null) ?? initialGitHub, true),
});
registerAgentRequests(connection, workspace, search, {
  folders: () => folders.map((folder) => URI.parse(folder.uri).fsPath),
  workspaceTrusted: () => workspaceTrusted,
  backstageModules: () => backstageModules,
  dryRunActions: () => hostActions(connection, async () => ((await pull('greenroom.github')) as Partial<GitHubSettings> | null) ?? initialGitHub, true),
  user: configuredUser,
});
connection.onNotification(WorkspaceTrustNotification, ({ trusted }) => {
  workspaceTrusted = trusted === true;
});

/** `greenroom.user`: who the person at the editor is in the catalog, if they said. */
async function configuredUser(): Promise<string | undefined> {
  const value = (await pull('greenroom.user')) ?? initialUser;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** A settings section from the client, or null for a client that cannot answer `workspace/configuration`. */
async function pull(section: string): Promise<unknown> {
  return canPullConfiguration ? ((await connection.workspace.getConfiguration({ section })) as unknown) : null;
}
registerRemoteTemplateRuns(
  connection,
  workspace,
  (baseUrl) => backstage?.sync.scaffolder(baseUrl) ?? Promise.resolve(undefined),
  (baseUrl, refs) => backstage?.sync.whenRegistered(baseUrl, refs) ?? Promise.resolve(false),
);

connection.onRequest(ReloadCatalogRequest, () => reload());

/** Where the organisation's rules are, relative to the first workspace folder, unless a setting says otherwise. */
const DEFAULT_RULES_FILE = '.greenroom/rules.yaml';

async function reload(): Promise<void> {
  await run(async () => {
    const settings = await Promise.all(folders.map((folder) => settingsFor(folder)));
    const open = new Map<string, string>();
    for (const document of documents.all()) {
      if (document.uri.startsWith('file:')) open.set(URI.parse(document.uri).fsPath, document.getText());
    }
    const [catalogSettings, backstageSettings] = (await Promise.all([pull('greenroom.catalog'), pull('greenroom.backstage')])) as [
      Partial<CatalogSettings> | null,
      Partial<BackstageSettings> | null,
    ];
    const modules = stringList(catalogSettings?.backstageModules) ?? initialSettings.backstageModules ?? [];
    const rulesFile = typeof catalogSettings?.rulesFile === 'string' ? catalogSettings.rulesFile : (initialSettings.rulesFile ?? DEFAULT_RULES_FILE);
    backstageModules = modules;
    await workspace.reload(
      folders.map((folder, index) => ({ folder: URI.parse(folder.uri).fsPath, ...settings[index] })),
      open,
      modules,
      folders.length > 0 ? path.resolve(URI.parse(folders[0].uri).fsPath, rulesFile) : undefined,
      // As the Backstage syncs read them; an unusable URL is logged there.
      instancesOf(backstageSettings ?? initialBackstage, () => undefined),
    );
  });
  // Also when the settings could not be read: Backstage's syncs wait for the first reload's restore, never longer.
  workspace.restoreSettled();
}

async function settingsFor(folder: WorkspaceFolder): Promise<CatalogSettings> {
  const fallback = { include: initialSettings.include ?? [], exclude: initialSettings.exclude ?? [] };
  if (!canPullConfiguration) return fallback;
  const value = (await connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'greenroom.catalog' })) as Partial<CatalogSettings> | null;
  return { include: stringList(value?.include) ?? fallback.include, exclude: stringList(value?.exclude) ?? fallback.exclude };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

/** No input may take the server down: a failure is logged and the catalog keeps its last state. */
async function run(task: () => Promise<void>): Promise<void> {
  try {
    await task();
  } catch (error) {
    connection.console.error(`Catalog update failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

// A promise nobody awaited must not take the catalog down with it: log it and go on.
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

documents.listen(connection);
connection.listen();
