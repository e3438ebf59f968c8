// A minimal `vscode` module for timing the extension's activate() outside VS Code: events, disposables, URIs,
// settings and a workspace folder behave; every other API is a no-op that returns something callable. The
// language client under it is the real one and starts the real dist/server.js over IPC.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { URI, Utils } from 'vscode-uri';

type Listener<T> = (value: T) => unknown;

class Disposable {
  constructor(private readonly onDispose: () => unknown = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

/** Anything not modelled: callable, constructible, keeps what is assigned to it, and its other properties are such stubs too. */
function anything(name: string): unknown {
  const assigned = new Map<string | symbol, unknown>();
  return new Proxy(function () {}, {
    get: (_t, key) => {
      if (assigned.has(key)) return assigned.get(key);
      if (key === 'then' || key === Symbol.iterator || key === Symbol.asyncIterator) return undefined;
      if (key === Symbol.toPrimitive) return () => name;
      if (key === 'dispose') return () => undefined;
      return anything(`${name}.${String(key)}`);
    },
    set: (_t, key, value) => assigned.set(key, value) && true,
    // An event (onDid…, onWill…) hands back its subscription; any other call another stub.
    apply: () => (/(^|\.)on(Did|Will)/.test(name) ? new Disposable() : anything(`${name}()`)),
    construct: () => anything(`new ${name}`) as object,
  });
}

/** A namespace of which `known` is modelled and the rest stubbed. */
function partly(name: string, known: Record<string | symbol, unknown>): unknown {
  return new Proxy(known, { get: (target, key) => (key in target ? target[key] : anything(`${name}.${String(key)}`)) });
}

function outputChannel() {
  const noop = () => undefined;
  return {
    name: 'Greenroom',
    logLevel: 2,
    onDidChangeLogLevel: () => new Disposable(),
    append: noop,
    appendLine: noop,
    replace: noop,
    clear: noop,
    show: noop,
    hide: noop,
    dispose: noop,
    trace: noop,
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
  };
}

/** The names the extension and its language client take from `vscode`, beyond those modelled. */
const API_NAMES = (
  'CancellationError CancellationToken CancellationTokenSource CodeAction CodeLens ConfigurationTarget Diagnostic DiagnosticSeverity FileType ' +
  'LanguageModelTextPart LanguageModelToolResult Location LogLevel MarkdownString McpHttpServerDefinition NotebookCellKind Position ProgressLocation ' +
  'QuickPickItemKind Range SemanticTokens SemanticTokensEdits SnippetString StatusBarAlignment TabInputCustom TabInputNotebook TabInputText ' +
  'TabInputTextDiff ThemeColor ThemeIcon TreeItem TreeItemCollapsibleState ViewColumn authentication chat env languages lm notebooks proposed l10n'
).split(' ');

/** Installs the stub as `vscode` for every later require, with `folder` as the one workspace folder. */
export function installVscodeStub(folder: string): void {
  const folderUri = URI.file(folder);
  const configuration = { get: (_key: string, fallback?: unknown) => fallback, has: () => false, inspect: () => undefined, update: () => Promise.resolve() };
  const modelled: Record<string, unknown> = {
    version: '1.101.0',
    Disposable,
    EventEmitter,
    Uri: {
      file: (p: string) => URI.file(p),
      parse: (s: string) => URI.parse(s),
      joinPath: (base: URI, ...parts: string[]) => Utils.joinPath(base, ...parts),
      from: (c: Parameters<typeof URI.from>[0]) => URI.from(c),
    },
    workspace: partly('workspace', {
      workspaceFolders: [{ uri: folderUri, name: 'bench', index: 0 }],
      textDocuments: [],
      isTrusted: true,
      getConfiguration: () => configuration,
      getWorkspaceFolder: () => ({ uri: folderUri, name: 'bench', index: 0 }),
      createFileSystemWatcher: () => ({ onDidCreate: () => new Disposable(), onDidChange: () => new Disposable(), onDidDelete: () => new Disposable(), dispose: () => undefined }),
    }),
    window: partly('window', {
      createOutputChannel: outputChannel,
      visibleTextEditors: [],
      tabGroups: { all: [], onDidChangeTabs: () => new Disposable(), onDidChangeTabGroups: () => new Disposable() },
      activeTextEditor: undefined,
      showErrorMessage: () => Promise.resolve(undefined),
      showWarningMessage: () => Promise.resolve(undefined),
      showInformationMessage: () => Promise.resolve(undefined),
      withProgress: (_options: unknown, task: (progress: unknown, token: unknown) => Promise<unknown>) =>
        task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => new Disposable() }),
    }),
    commands: partly('commands', { executeCommand: () => Promise.resolve(undefined) }),
    extensions: { all: [], getExtension: () => undefined, onDidChange: () => new Disposable() },
  };
  // A bundle copies the module's own properties (esbuild's __toESM), so every name used must be one.
  for (const name of API_NAMES) if (!(name in modelled)) modelled[name] = anything(name);
  const vscode = new Proxy(modelled, { get: (target, key) => (typeof key !== 'string' || key in target ? target[key as string] : anything(key)) });
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = loader._load.bind(Module);
  loader._load = (request, parent, isMain) => (request === 'vscode' ? vscode : load(request, parent, isMain));
}

/** An ExtensionContext as activate() uses it: subscriptions, paths, storage, secrets, state. */
export function extensionContext(extensionPath: string, storage: string) {
  const memento = () => {
    const values = new Map<string, unknown>();
    return {
      get: (key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback),
      update: (key: string, value: unknown) => Promise.resolve(void values.set(key, value)),
      keys: () => [...values.keys()],
      setKeysForSync: () => undefined,
    };
  };
  const secrets = new Map<string, string>();
  return {
    subscriptions: [] as { dispose(): unknown }[],
    extensionPath,
    extensionUri: URI.file(extensionPath),
    asAbsolutePath: (relative: string) => `${extensionPath}/${relative}`,
    globalStorageUri: URI.file(storage),
    storageUri: URI.file(storage),
    logUri: URI.file(storage),
    globalState: memento(),
    workspaceState: memento(),
    secrets: {
      get: (key: string) => Promise.resolve(secrets.get(key)),
      store: (key: string, value: string) => Promise.resolve(void secrets.set(key, value)),
      delete: (key: string) => Promise.resolve(void secrets.delete(key)),
      onDidChange: () => new Disposable(),
    },
    extension: { id: 'greenroom.greenroom', extensionPath, packageJSON: JSON.parse(readFileSync(`${extensionPath}/package.json`, 'utf8')) as unknown },
    extensionMode: 1,
    environmentVariableCollection: anything('environmentVariableCollection'),
  };
}
