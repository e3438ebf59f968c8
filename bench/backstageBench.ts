// Loading a real Backstage backend's catalog of 10,000 entities into Greenroom's catalog server, side by
// side in one run with a bare paged HTTP loop over the same endpoint (same page size, same fields): the
// overhead is what Greenroom adds on top of the transfer (catalog-client, linking into the catalog).
// Then a window opened again with the backend stopped: the time from `initialized` to the tree and search showing the
// instance's entities, which the saved catalog holds beside the workspace's.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { stringify } from 'yaml';
import { REMOTE_FIELDS } from '../src/core/backstage/remoteCatalog';
import type { BackstageStatusParams as StatusParams, EntityGroupsResult, SearchResultList } from '../src/protocol/catalogProtocol';
import { startBackstage } from '../test/backstage/backstageFixture';
import { recordResults } from './benchStats';
import { generateCatalog } from './generateCatalog';
import { LspSession } from './lspSession';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 10_000);
const PAGE = 500;
const ROUNDS = 7;
/** BENCH_SERVER runs another build's server (a copy of dist/ from before a change) on the same work, for a side-by-side figure. */
const SERVER = path.resolve(process.env.BENCH_SERVER ?? path.join(__dirname, '../dist/server.js'));

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'greenroom-backstage-bench-'));
  const catalogFile = path.join(dir, 'catalog.yaml');
  writeFileSync(
    catalogFile,
    generateCatalog(ENTITIES)
      .map((entity) => stringify(entity))
      .join('---\n'),
  );
  const workspace = path.join(dir, 'workspace');
  mkdirSync(workspace);
  // Processing every 10 minutes, not the tests' 3 s: the loads are measured against a backend at rest.
  const backstage = await startBackstage({ catalogFiles: [catalogFile], processingIntervalSeconds: 600, ingestTimeoutMs: 15 * 60_000 });
  let stopped = false;
  try {
    const settings = { 'greenroom.catalog': { include: [], exclude: [] }, 'greenroom.backstage': { baseUrl: backstage.baseUrl, refreshIntervalMinutes: 0 } };
    const answers = { 'greenroom/backstageToken': () => backstage.token };
    const storage = path.join(dir, 'storage');

    // One server for all rounds, warmed by its first load; each round drops the catalog (and its cache)
    // and loads it again whole, timed from its "loading" status to its "ready" status.
    const session = new LspSession('greenroom', [SERVER], settings, answers);
    const first = session.next<StatusParams>('greenroom/backstageStatus', ({ instances }) => ['ready', 'failed', 'stale'].includes(instances[0]?.state), 10 * 60_000);
    await session.initialize(URI.file(workspace).toString(), { storagePath: storage });
    if ((await first).params.instances[0].state !== 'ready') throw new Error(`the first load failed: ${(await first).params.instances[0].error?.message}`);
    const greenroom = async () => {
      const loading = session.next<StatusParams>('greenroom/backstageStatus', ({ instances }) => instances[0]?.state === 'loading', 60_000);
      // Dropping the catalog reports 0 entities first: the load has settled when entities are back, or it failed.
      const settled = session.next<StatusParams>(
        'greenroom/backstageStatus',
        ({ instances }) => (instances[0]?.state === 'ready' && instances[0].entityCount > 0) || ['failed', 'stale'].includes(instances[0]?.state),
        10 * 60_000,
      );
      await session.time('greenroom/refreshBackstage', { forget: backstage.baseUrl });
      const [start, end] = [await loading, await settled];
      const [status] = end.params.instances;
      if (status.state !== 'ready') throw new Error(`the load failed: ${status.error?.message}`);
      return { ms: end.at - start.at, entities: status.entityCount };
    };
    const bare = async () => {
      let items = 0;
      let cursor: string | undefined;
      const fields = `&fields=${REMOTE_FIELDS.join(',')}`;
      const started = performance.now();
      do {
        const res = await fetch(`${backstage.baseUrl}/api/catalog/entities/by-query?limit=${PAGE}${fields}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
          headers: { authorization: `Bearer ${backstage.token}` },
        });
        const page = (await res.json()) as { items: unknown[]; pageInfo: { nextCursor?: string } };
        items += page.items.length;
        cursor = page.pageInfo.nextCursor;
      } while (cursor);
      return { ms: performance.now() - started, entities: items };
    };

    await bare();
    const bareMs: number[] = [];
    const greenroomMs: number[] = [];
    let total = 0;
    // In turns, so that neither side always runs right after Greenroom's cache write (which follows its "ready"); and each
    // round once the catalog is saved after the last (a few seconds after an instance's entities go or come), so that no
    // round is timed while the server saves.
    for (let i = 0; i < ROUNDS; i++) {
      const b = i % 2 === 0 ? await bare() : undefined;
      const g = await greenroom();
      await savedWith(storage, `backstage:${backstage.baseUrl}`, performance.timeOrigin + performance.now());
      const bareRound = b ?? (await bare());
      if (bareRound.entities !== g.entities) throw new Error(`the bare loop read ${bareRound.entities} entities, Greenroom ${g.entities}`);
      total = g.entities;
      bareMs.push(bareRound.ms);
      greenroomMs.push(g.ms);
    }
    const overhead = median(greenroomMs) / median(bareMs) - 1;
    await session.dispose();

    // A window opened again with the backend down: the tree and search are asked at once, as a tree view and a search
    // typed right away ask, and timed from `initialized` as the workspace's warm start is (spawning the server is timed apart).
    await backstage.stop();
    stopped = true;
    const started = performance.now();
    const cold = new LspSession('greenroom', [SERVER], settings, answers);
    const cached = cold.next<StatusParams>('greenroom/backstageStatus', ({ instances }) => (instances[0]?.entityCount ?? 0) > 0, 30_000);
    await cold.initialize(URI.file(workspace).toString(), { storagePath: storage });
    const initialized = performance.now();
    const groups = (await cold.time('greenroom/entityGroups', { groupBy: 'kind' })).result as EntityGroupsResult;
    const treeMs = performance.now() - initialized;
    const hits = (await cold.time('greenroom/search', { query: 'artist lookup', limit: 50 })).result as SearchResultList;
    const searchMs = performance.now() - initialized;
    await cached;
    const statusMs = performance.now() - initialized;
    await cold.dispose();
    if (groups.reduce((sum, group) => sum + group.count, 0) !== total || hits.length === 0) throw new Error('the cached catalog was not shown');

    const range = (samples: number[]) => `${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)}`;
    print(`\nLoading ${total} entities from a real Backstage backend, pages of ${PAGE}, median of ${ROUNDS} in turns (load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores)`);
    print(`  bare paged fetch loop ${median(bareMs).toFixed(0)} ms (${range(bareMs)}); Greenroom (load into the catalog) ${median(greenroomMs).toFixed(0)} ms (${range(greenroomMs)})`);
    print(`  overhead ${(overhead * 100).toFixed(1)}% (target < 20%)`);
    print(
      `  a window opened again with the backend down, from initialized: tree ${treeMs.toFixed(0)} ms (target 200), first search ${searchMs.toFixed(0)} ms (target 300), ` +
        `the instance's status from its cache ${statusMs.toFixed(0)} ms; spawning the server to initialized ${(initialized - started).toFixed(0)} ms`,
    );
    recordResults([
      { name: 'backstage.load_10k.overhead', value: round(overhead, 3), unit: 'fraction' },
      { name: 'backstage.load_10k.greenroom_ms', value: round(median(greenroomMs), 1), unit: 'ms' },
      { name: 'backstage.load_10k.bare_ms', value: round(median(bareMs), 1), unit: 'ms' },
      { name: 'backstage.warmstart.10k.tree_ms', value: round(treeMs, 1), unit: 'ms' },
      { name: 'backstage.warmstart.10k.first_search_ms', value: round(searchMs, 1), unit: 'ms' },
      { name: 'backstage.warmstart.10k.status_ms', value: round(statusMs, 1), unit: 'ms' },
      { name: 'backstage.warmstart.10k.spawn_to_initialized_ms', value: round(initialized - started, 1), unit: 'ms' },
    ]);
  } finally {
    if (!stopped) await backstage.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until the saved catalog in `storage` holds `text` (an instance's entities) in a file written after `after` (epoch ms). */
async function savedWith(storage: string, text: string, after: number): Promise<void> {
  const saved = () =>
    readdirSync(storage).some(
      (name) => name.startsWith('workspace-catalog-') && name.endsWith('.bin') && statSync(path.join(storage, name)).mtimeMs > after && readFileSync(path.join(storage, name)).includes(text),
    );
  for (const deadline = Date.now() + 120_000; !saved(); await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() > deadline) throw new Error("the catalog was not saved with Backstage's entities");
  }
}

function median(samples: readonly number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
