import * as os from 'node:os';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { BackstageCache } from '../../sources/backstageCache';
import {
  BackstageStatusNotification,
  BackstageTokenRequest,
  CheckBackstageRequest,
  RefreshBackstageRequest,
  RemoteEntityTextRequest,
  type BackstageSettings,
} from '../../protocol/catalogProtocol';
import { BackstageSync, DEFAULT_TIMING } from './backstageSync';
import { openSecret } from '../openedSecrets';
import { ValidateEntityAsker } from './validateEntityAsker';
import type { WorkspaceCatalog } from '../catalog/workspaceCatalog';

export interface BackstageOptions {
  /** Where cached catalogs are kept; the extension passes its global storage folder. */
  storagePath?: string;
  /** Settings for clients that cannot answer `workspace/configuration`. */
  settings?: Partial<BackstageSettings>;
  canPullConfiguration: boolean;
  /** Tests shorten the first wait after a failure. */
  firstRetryMs?: number;
  requestTimeoutMs?: number;
}

/**
 * Wires the Backstage instances to the connection: settings in, statuses out, the token asked of the
 * client per origin (the server never stores one), and the requests of the "Connect" command.
 */
export function registerBackstage(connection: Connection, workspace: WorkspaceCatalog, options: BackstageOptions): { configure(): Promise<void>; catalogChanged(): void; sync: BackstageSync } {
  const cache = new BackstageCache(options.storagePath ?? path.join(os.homedir(), '.cache', 'greenroom'));
  let statusTimer: NodeJS.Timeout | undefined;
  let statusPending = false;
  const sendStatuses = () => void connection.sendNotification(BackstageStatusNotification, { instances: sync.statuses() });
  const sync = new BackstageSync(
    cache,
    {
      token: async (origin) => {
        const token = await connection.sendRequest(BackstageTokenRequest, { origin });
        return token ? openSecret(token) || undefined : undefined;
      },
      apply: async (baseUrl, file) => {
        try {
          await workspace.setRemote(baseUrl, file);
        } catch (error) {
          connection.console.error(`Adding the catalog of ${baseUrl} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
      },
      held: (baseUrl) => workspace.remoteHeld(baseUrl),
      // Progress arrives per page: a change goes out at once, then at most every 50 ms.
      statusChanged: () => {
        if (statusTimer) {
          statusPending = true;
          return;
        }
        sendStatuses();
        statusTimer = setTimeout(function flush() {
          statusTimer = undefined;
          if (!statusPending) return;
          statusPending = false;
          sendStatuses();
          statusTimer = setTimeout(flush, 50);
        }, 50);
      },
      log: (message) => connection.console.info(message),
    },
    {
      ...DEFAULT_TIMING,
      ...(options.firstRetryMs !== undefined ? { firstRetryMs: options.firstRetryMs } : {}),
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    },
  );

  connection.onRequest(CheckBackstageRequest, (params) => sync.check(params));
  connection.onRequest(RefreshBackstageRequest, (params) => sync.refresh(params?.forget));
  connection.onRequest(RemoteEntityTextRequest, async (params) => {
    await workspace.firstLoad;
    return sync.entityText(params.uri, workspace.catalog);
  });
  const asker = new ValidateEntityAsker(workspace, (baseUrl, entity, locationRef) => sync.validateEntity(baseUrl, entity, locationRef), (message) => connection.console.info(message));
  connection.onShutdown(() => {
    sync.dispose();
    asker.dispose();
  });

  return {
    sync,
    catalogChanged: () => asker.schedule(),
    async configure() {
      const pulled = options.canPullConfiguration
        ? ((await connection.workspace.getConfiguration({ section: 'greenroom.backstage' })) as Partial<BackstageSettings> | null)
        : null;
      sync.configure(pulled ?? options.settings ?? {});
    },
  };
}
