// Backstage in the server: one sync per configured instance, its status, and the token asked of the client.
import type { Entity } from '@backstage/catalog-model';
import { stringify } from 'yaml';
import type { Catalog } from '../../core/catalog/catalog';
import type { BackstageInstance } from '../../core/backstage/backstageInstance';
import type { BackstageCache } from '../../sources/backstageCache';
import { checkBackstageCatalog, fetchBackstageEntity, validateInBackstage } from '../../sources/backstageCatalog';
import { openSecret } from '../openedSecrets';
import { toSourceError } from '../../sources/backstageErrors';
import type { ScaffolderOptions } from '../../sources/backstageScaffolder';
import type { BackstageSettings, BackstageStatus, CheckBackstageParams, CheckBackstageResult } from '../../protocol/catalogProtocol';
import { BackstageInstanceSync, type SyncHooks, type SyncTiming } from './backstageInstanceSync';
import { parseRemoteEntityUri } from './remoteEntityUri';

/** Defaults of the sync's timing; settings override the interval and timeout. */
export const DEFAULT_TIMING: SyncTiming = { intervalMs: 15 * 60_000, requestTimeoutMs: 30_000, firstRetryMs: 5_000 };

/** The Backstage instances the settings name, each kept in step by its own sync. */
export class BackstageSync {
  private readonly syncs = new Map<string, { sync: BackstageInstanceSync; identity: string }>();

  constructor(
    private readonly cache: BackstageCache,
    private readonly hooks: SyncHooks,
    private readonly baseTiming: SyncTiming = DEFAULT_TIMING,
  ) {}

  /** Starts, keeps or stops instances to match the settings. */
  configure(settings: Partial<BackstageSettings>): void {
    const timing: SyncTiming = {
      ...this.baseTiming,
      intervalMs: typeof settings.refreshIntervalMinutes === 'number' ? Math.max(0, settings.refreshIntervalMinutes) * 60_000 : this.baseTiming.intervalMs,
    };
    const wanted = new Map(instancesOf(settings, (message) => this.hooks.log(message)).map((instance) => [instance.baseUrl, instance]));
    for (const [baseUrl, entry] of [...this.syncs]) {
      const next = wanted.get(baseUrl);
      if (next && entry.identity === identity(next, timing)) continue;
      entry.sync.dispose();
      this.syncs.delete(baseUrl);
      if (!next) void this.hooks.apply(baseUrl, undefined);
    }
    for (const instance of wanted.values()) {
      if (this.syncs.has(instance.baseUrl)) continue;
      const sync = new BackstageInstanceSync(instance, timing, this.cache, this.hooks);
      this.syncs.set(instance.baseUrl, { sync, identity: identity(instance, timing) });
      void sync.start();
    }
    this.hooks.statusChanged();
  }

  /** The configured instances' base URLs. */
  instances(): string[] {
    return [...this.syncs.keys()];
  }

  statuses(): BackstageStatus[] {
    return [...this.syncs.values()].map((entry) => entry.sync.status);
  }

  /** Loads every instance again now; `forget` first drops one instance's catalog and cache. */
  async refresh(forget?: string): Promise<void> {
    const entries = [...this.syncs.values()];
    await Promise.all(entries.filter((entry) => entry.sync.instance.baseUrl === forget).map((entry) => entry.sync.forget()));
    await Promise.all(entries.map((entry) => entry.sync.refresh()));
  }

  /**
   * Loads an instance anew once Backstage has taken in entities a scaffolder run registered
   * (Backstage processes a new location after the run ends): polled for up to `timeoutMs`. True
   * when they are there and the load that followed succeeded.
   */
  async whenRegistered(baseUrl: string, refs: string[], timeoutMs = 60_000, everyMs = 1_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let pending = refs;
    while (pending.length > 0 && Date.now() < deadline && this.syncs.has(baseUrl)) {
      const found = await Promise.all(pending.map((ref) => this.fullEntity(baseUrl, ref).catch(() => undefined)));
      pending = pending.filter((_, i) => !found[i]);
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    const entry = this.syncs.get(baseUrl);
    if (!entry || pending.length > 0) return false;
    await entry.sync.reload();
    return entry.sync.status.state === 'ready';
  }

  /** Checks a base URL and token with one small request, for the "Connect" command. */
  async check(params: CheckBackstageParams): Promise<CheckBackstageResult> {
    try {
      const baseUrl = normalizeBaseUrl(params.baseUrl);
      const entityCount = await checkBackstageCatalog({ baseUrl, token: (params.token && openSecret(params.token)) || undefined, timeoutMs: this.baseTiming.requestTimeoutMs });
      return { ok: true, entityCount };
    } catch (err) {
      const error = toSourceError(err, params.baseUrl);
      return { ok: false, kind: error.kind, message: error.message };
    }
  }

  /** What a scaffolder call to an instance needs, and where its task pages are; undefined for an instance not configured. */
  async scaffolder(baseUrl: string): Promise<{ options: ScaffolderOptions; taskUrl: (taskId: string) => string } | undefined> {
    const entry = this.syncs.get(baseUrl);
    if (!entry) return undefined;
    const token = await this.tokenFor(baseUrl);
    const appUrl = entry.sync.instance.appUrl;
    return { options: { baseUrl, token, timeoutMs: this.baseTiming.requestTimeoutMs }, taskUrl: (taskId) => `${appUrl}/create/tasks/${encodeURIComponent(taskId)}` };
  }

  /** What a request to an instance needs (its token, bound to its origin by the caller's fetch); undefined for an instance not configured. */
  async requestOptions(baseUrl: string): Promise<{ baseUrl: string; token?: string; timeoutMs: number } | undefined> {
    if (!this.syncs.has(baseUrl)) return undefined;
    return { baseUrl, token: await this.tokenFor(baseUrl), timeoutMs: this.baseTiming.requestTimeoutMs };
  }

  /** One entity with all its fields, read from Backstage now (with the instance's token). */
  async fullEntity(baseUrl: string, ref: string): Promise<Entity | undefined> {
    const token = await this.tokenFor(baseUrl);
    return fetchBackstageEntity({ baseUrl, token, timeoutMs: this.baseTiming.requestTimeoutMs, retries: 1 }, ref);
  }

  /** What an instance's validate-entity endpoint says of an entity (empty: accepted); only a configured instance is asked. */
  async validateEntity(baseUrl: string, entity: Entity, locationRef: string): Promise<string[]> {
    if (!this.syncs.has(baseUrl)) throw new Error(`Backstage at ${baseUrl} is not one of the configured instances.`);
    const token = await this.tokenFor(baseUrl);
    return validateInBackstage({ baseUrl, token, timeoutMs: this.baseTiming.requestTimeoutMs, retries: 1 }, entity, locationRef);
  }

  /** The token the client hands out for an instance's origin; none when it refuses or has none. */
  private tokenFor(baseUrl: string): Promise<string | undefined> {
    return this.hooks.token(new URL(baseUrl).origin).catch(() => undefined);
  }

  /** The whole entity a `greenroom-backstage:` URI names, as YAML; the cached fields when Backstage cannot be reached. */
  async entityText(uri: string, catalog: Catalog): Promise<string> {
    const target = parseRemoteEntityUri(uri);
    if (!target) throw new Error(`${uri} does not name an entity in Backstage.`);
    const { baseUrl, ref } = target;
    // Only an instance the settings name is asked, whatever a document's URI says.
    if (!this.syncs.has(baseUrl)) throw new Error(`Backstage at ${baseUrl} is not one of the configured instances.`);
    const header = (note: string) => `# ${ref} as Backstage at ${baseUrl} has it (read-only).\n# ${note}\n`;
    try {
      const entity = await this.fullEntity(baseUrl, ref);
      if (entity) return header(`Read ${new Date().toISOString()}; to change it, edit the file Backstage reads it from.`) + entityYaml(entity);
      throw new Error(`Backstage at ${baseUrl} has no entity ${ref} (any more).`);
    } catch (err) {
      const copy = catalog.remoteCopies(ref).find((record) => record.remote?.baseUrl === baseUrl);
      if (!copy) throw err;
      const fetchedAt = this.syncs.get(baseUrl)?.sync.status.fetchedAt ?? 'an earlier load';
      const why = err instanceof Error ? err.message : String(err);
      return header(`${why} Showing the fields cached at ${fetchedAt}.`) + entityYaml(copy.entity);
    }
  }

  dispose(): void {
    for (const entry of this.syncs.values()) entry.sync.dispose();
    this.syncs.clear();
  }
}

/** The instances of `baseUrl`/`appUrl` and `instances`, each once; an unusable URL is logged and skipped. */
export function instancesOf(settings: Partial<BackstageSettings>, log: (message: string) => void): BackstageInstance[] {
  const written = [
    ...(typeof settings.baseUrl === 'string' && settings.baseUrl.trim() ? [{ baseUrl: settings.baseUrl, appUrl: settings.appUrl }] : []),
    ...(Array.isArray(settings.instances) ? settings.instances : []),
  ];
  const instances = new Map<string, BackstageInstance>();
  for (const entry of written) {
    try {
      const baseUrl = normalizeBaseUrl(String(entry?.baseUrl));
      const appUrl = typeof entry.appUrl === 'string' && entry.appUrl.trim() ? normalizeBaseUrl(entry.appUrl) : baseUrl;
      if (!instances.has(baseUrl)) instances.set(baseUrl, { baseUrl, appUrl });
    } catch (error) {
      log(`Ignoring the Backstage base URL ${JSON.stringify(entry?.baseUrl)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return [...instances.values()];
}

/** An http(s) URL without a trailing slash; anything else is refused with a reason. */
export function normalizeBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error('it is not a URL (expected something like https://backstage.example.com)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`only http and https URLs are supported, not ${url.protocol}`);
  if (url.username || url.password) throw new Error('credentials do not belong in the URL; use Greenroom: Connect to Backstage… for the token');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function identity(instance: BackstageInstance, timing: SyncTiming): string {
  return JSON.stringify([instance, timing]);
}

/** An entity as YAML in the order of a catalog-info.yaml (Backstage's API answers metadata first). */
function entityYaml(entity: Entity): string {
  const { apiVersion, kind, metadata, spec, ...rest } = entity;
  return stringify({ apiVersion, kind, metadata, ...(spec ? { spec } : {}), ...rest });
}
