import type { CatalogFile } from '../../core/catalog/catalogFile';
import type { BackstageInstance } from '../../core/backstage/backstageInstance';
import { RemoteCatalogBuilder, remoteCatalogFile, REMOTE_FIELDS } from '../../core/backstage/remoteCatalog';
import type { BackstageCache } from '../../sources/backstageCache';
import { loadBackstageCatalog } from '../../sources/backstageCatalog';
import { toSourceError } from '../../sources/backstageErrors';
import type { BackstageStatus } from '../../protocol/catalogProtocol';

/** What an instance's sync needs from the server around it. */
export interface SyncHooks {
  /** The token for an origin, or undefined: the client decides (trust, the origin it was stored for). */
  token(origin: string): Promise<string | undefined>;
  /** Puts an instance's entities into the catalog (undefined takes them out). */
  apply(baseUrl: string, file: CatalogFile | undefined): Promise<void>;
  /** The instance's entities the catalog holds already (a warm start restores the last session's), once that is known. */
  held(baseUrl: string): Promise<CatalogFile | undefined>;
  statusChanged(): void;
  log(message: string): void;
}

export interface SyncTiming {
  /** Between two loads that succeeded; 0: only on demand. */
  intervalMs: number;
  requestTimeoutMs: number;
  /** The first wait after a failure that may pass by itself; it doubles up to `MAX_RETRY_MS`. */
  firstRetryMs: number;
}

const MAX_RETRY_MS = 5 * 60_000;
/** Failures a person has to act on: retrying on a timer would only repeat them. */
const NEEDS_ACTION = new Set(['unauthorized', 'forbidden', 'not-found', 'not-catalog-api', 'bad-request', 'other-origin']);

/**
 * One Backstage instance's catalog kept in step: the cached copy first, then a load, again on an
 * interval, and after a failure with growing waits until the backend answers. A failed load changes
 * nothing in the catalog: the last good one stays, marked stale.
 */
export class BackstageInstanceSync {
  private current: BackstageStatus;
  private loading: Promise<void> | undefined;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** The load under way: aborting it (sign-out) keeps it from showing or caching what it read. */
  private loadController: AbortController | undefined;
  /** The catalog shown, whose unchanged records the next load keeps. */
  private shown: CatalogFile | undefined;

  constructor(
    readonly instance: BackstageInstance,
    private readonly timing: SyncTiming,
    private readonly cache: BackstageCache,
    private readonly hooks: SyncHooks,
  ) {
    this.current = { baseUrl: instance.baseUrl, state: 'loading', entityCount: 0, signedIn: false };
  }

  get status(): BackstageStatus {
    return this.current;
  }

  /**
   * Shows the cached catalog, if any, then loads the live one. A catalog the window holds already (restored with the
   * workspace's) stands when the cache holds the same load or an earlier one (its head says when, without reading the
   * rest) and it was built for the instance as configured now (its page links); without a cache (signed out) it goes.
   */
  async start(): Promise<void> {
    const { baseUrl } = this.instance;
    const held = await this.hooks.held(baseUrl);
    const cachedAt = held && (await this.cache.fetchedAt(baseUrl));
    const current = held?.remote?.appUrl === this.instance.appUrl && held.fetchedAt !== undefined;
    if (held && current && cachedAt !== undefined && held.fetchedAt! >= cachedAt && !this.disposed) {
      this.shown = held;
      this.set({ entityCount: held.entities.length, fetchedAt: held.fetchedAt });
    } else {
      const cached = await this.cache.read(baseUrl);
      if (this.disposed) return;
      // Records of the held catalog that Backstage has not changed since are kept: only the others are linked and indexed again.
      this.shown = cached && remoteCatalogFile(this.instance, cached.entities, held, cached.fetchedAt);
      // Without a cache (signed out since), what the window held is not shown either.
      if (this.shown || held) await this.hooks.apply(baseUrl, this.shown);
      if (cached) this.set({ entityCount: cached.entities.length, fetchedAt: cached.fetchedAt });
    }
    if (!this.disposed) await this.refresh();
  }

  /** Loads now, unless a load runs already (then that one is awaited). */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Loads anew after any load under way, which may have started before what the caller waits for. */
  async reload(): Promise<void> {
    await this.loading?.catch(() => undefined);
    return this.refresh();
  }

  /** Drops the catalog shown and the cached copy (after signing out); a load under way is abandoned first. */
  async forget(): Promise<void> {
    this.loadController?.abort();
    await this.loading?.catch(() => undefined);
    await this.cache.remove(this.instance.baseUrl);
    await this.hooks.apply(this.instance.baseUrl, undefined);
    this.shown = undefined;
    this.set({ entityCount: 0, fetchedAt: undefined });
  }

  dispose(): void {
    this.controller.abort();
    clearTimeout(this.timer);
  }

  private get disposed(): boolean {
    return this.controller.signal.aborted;
  }

  private async load(): Promise<void> {
    clearTimeout(this.timer);
    const { baseUrl } = this.instance;
    const loadController = (this.loadController = new AbortController());
    const signal = AbortSignal.any([this.controller.signal, loadController.signal]);
    const token = await this.hooks.token(new URL(baseUrl).origin).catch(() => undefined);
    this.set({ state: 'loading', loaded: 0, total: undefined, signedIn: token !== undefined, retryAt: undefined });
    // Records are built per page, while the next page is on its way.
    const builder = new RemoteCatalogBuilder(this.instance, this.shown);
    try {
      const entities = await loadBackstageCatalog({
        baseUrl,
        token,
        fields: [...REMOTE_FIELDS],
        signal,
        timeoutMs: this.timing.requestTimeoutMs,
        onProgress: (loaded, total, page) => {
          builder.add(page);
          this.set({ loaded, total });
        },
      });
      if (signal.aborted) return;
      const fetchedAt = new Date().toISOString();
      this.shown = builder.build(fetchedAt);
      await this.hooks.apply(baseUrl, this.shown);
      this.failures = 0;
      this.set({ state: 'ready', loaded: undefined, total: undefined, entityCount: entities.length, fetchedAt, error: undefined });
      this.hooks.log(`Loaded ${entities.length} entities from Backstage at ${baseUrl}.`);
      await this.cache.write({ baseUrl, fetchedAt, entities }).catch((error: unknown) => this.hooks.log(`Could not cache the catalog of ${baseUrl}: ${String(error)}`));
      this.schedule(this.timing.intervalMs);
    } catch (err) {
      if (signal.aborted) return;
      const error = toSourceError(err, baseUrl, undefined, token !== undefined);
      this.hooks.log(`Loading the catalog from ${baseUrl} failed (${error.kind}): ${error.message}`);
      const wait = NEEDS_ACTION.has(error.kind) ? this.timing.intervalMs : Math.min(this.timing.firstRetryMs * 2 ** this.failures++, MAX_RETRY_MS);
      this.set({
        state: this.shown ? 'stale' : 'failed',
        loaded: undefined,
        total: undefined,
        error: { kind: error.kind, message: error.message },
        retryAt: wait > 0 ? new Date(Date.now() + wait).toISOString() : undefined,
      });
      this.schedule(wait);
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (ms > 0 && !this.disposed) this.timer = setTimeout(() => void this.refresh(), ms);
  }

  private set(change: Partial<BackstageStatus>): void {
    this.current = { ...this.current, ...change };
    this.hooks.statusChanged();
  }
}
