// What starting the extension costs: dist/extension.js is loaded and its activate() called under a minimal `vscode`
// module (bench/vscodeStub.ts) in a fresh Node process per round, with a 1,000-entity workspace. activate() is timed
// to the moment it returns; beside it, what it no longer waits for: the real server started over IPC until the
// catalog has loaded. Not VS Code's own activation figure, which adds its extension host's work around the call.
// Merges `activate_ms` into bench/results.json.
//
// Run: node scripts/build.mjs && npx tsx bench/activateBench.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { mergeResults, percentile } from './benchStats';
import { generateCatalog } from './generateCatalog';
import { extensionContext, installVscodeStub } from './vscodeStub';

const ROUNDS = 7;
const ENTITIES = 1_000;
const ROOT = path.resolve(__dirname, '..');

interface Round {
  loadMs: number;
  activateMs: number;
  readyMs: number;
  entities: number;
}

/** One round, in this process: load the bundle, activate, wait for the catalog. */
async function round(folder: string): Promise<void> {
  installVscodeStub(folder);
  const storage = mkdtempSync(path.join(os.tmpdir(), 'greenroom-activate-storage-'));
  const context = extensionContext(ROOT, storage);
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(path.join(ROOT, 'dist/extension.js')) as { activate(context: unknown): Promise<{ whenCatalogLoaded(): Promise<{ entityCount: number }> }> };
  const t1 = performance.now();
  const api = await extension.activate(context);
  const t2 = performance.now();
  const status = await api.whenCatalogLoaded();
  const t3 = performance.now();
  const result: Round = { loadMs: t1 - t0, activateMs: t2 - t1, readyMs: t3 - t1, entities: status.entityCount };
  for (const subscription of context.subscriptions) await subscription.dispose();
  rmSync(storage, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

function main(): void {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'greenroom-activate-'));
  try {
    const entities = generateCatalog(ENTITIES);
    for (let i = 0; i < entities.length; i += 100) {
      mkdirSync(path.join(folder, `part-${i}`));
      writeFileSync(
        path.join(folder, `part-${i}`, 'catalog-info.yaml'),
        entities
          .slice(i, i + 100)
          .map((e) => stringify(e))
          .join('---\n'),
      );
    }
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, 'round', folder], { cwd: ROOT, maxBuffer: 1 << 20, timeout: 120_000 });
      const result = JSON.parse(out.toString()) as Round;
      if (result.entities < ENTITIES) throw new Error(`the catalog loaded ${result.entities} entities, not ${ENTITIES}`);
      rounds.push(result);
    }
    const median = (pick: (r: Round) => number) => percentile(rounds.map(pick), 50);
    const spread = (pick: (r: Round) => number) => `${Math.min(...rounds.map(pick)).toFixed(1)}–${Math.max(...rounds.map(pick)).toFixed(1)}`;
    const activate = median((r) => r.activateMs);
    const ready = median((r) => r.readyMs);
    console.log(
      `Activation, dist/extension.js under a minimal vscode module, ${ENTITIES} entities (median of ${ROUNDS} fresh processes; load average ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} cores)`,
    );
    console.log(`  loading the bundle (require): ${median((r) => r.loadMs).toFixed(1)} ms (${spread((r) => r.loadMs)})`);
    console.log(`  activate() until it returns: ${activate.toFixed(1)} ms (${spread((r) => r.activateMs)}) (target ≤ 20 ms)`);
    console.log(`  server started and catalog loaded, not waited for: ${ready.toFixed(0)} ms (${spread((r) => r.readyMs)}); activate() is ${((100 * activate) / ready).toFixed(1)} % of it`);
    mergeResults([
      { name: 'activate_ms', value: Math.round(activate * 10) / 10, unit: 'ms' },
      { name: 'activate.bundle_load_ms', value: Math.round(median((r) => r.loadMs) * 10) / 10, unit: 'ms' },
      { name: 'activate.catalog_ready_ms', value: Math.round(ready), unit: 'ms' },
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'round') void round(process.argv[3]);
else main();
