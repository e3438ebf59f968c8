// The load benchmark, through the real server over stdio, on generated catalogs of realistic shape (bench/generateCatalog.ts).
//
// - Cold load of 10,000 entities, one entity per file and 100 per file: Greenroom's server, started fresh, timed from
//   `initialize` to the tree's first answer listing them all, beside the floor: one Node process reading the same files
//   and parsing them with the `yaml` package, nothing else. Rounds alternate the two.
// - Cold load of 100,000 entities (1,000 files of 100), once, beside the same floor.
// - Warm start at 10,000: the server started again on the same folder with the catalog it saved in its storage, timed
//   from `initialized` to the tree's answer and to the first search's answer, beside the floor of reading the same
//   entities as JSON and `JSON.parse` in one process.
// - The Location fan-out: a Location naming 10,000 one-entity files.
// Prints each figure with its floor and the ratio, with the load average, and merges them into bench/results.json.
//
// Run: node scripts/build.mjs && npx tsx bench/loadBench.ts (BENCH_ONLY=warm runs the warm start alone; BENCH_ONLY=cold
// only the cold loads of 10,000, for profiling; BENCH_ONLY=location the Location fan-out; BENCH_SERVER another build's server)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { percentile, recordResults, type BenchRecord } from './benchStats';
import { generateCatalog } from './generateCatalog';
import { LspSession } from './lspSession';

const ROUNDS = 3;
/** BENCH_SERVER: another build's server (a copy of its dist/), measured the same way and not recorded. */
const SERVER = process.env.BENCH_SERVER ?? path.resolve(__dirname, '../dist/server.js');
const SETTINGS = { 'greenroom.catalog': { include: [], exclude: [] } };

/** The floor: read every catalog file below a folder and parse it with the yaml package, in one fresh process. */
const YAML_FLOOR = `
const { readFileSync, readdirSync } = require('node:fs');
const { parseAllDocuments } = require('yaml');
const folder = process.argv[1];
const start = performance.now();
let documents = 0;
for (const part of readdirSync(folder)) documents += parseAllDocuments(readFileSync(folder + '/' + part + '/catalog-info.yaml', 'utf8')).length;
process.stdout.write(JSON.stringify({ ms: performance.now() - start, documents }));
`;

/** The warm floor: read the same entities as JSON and parse them, in one fresh process. */
const JSON_FLOOR = `
const { readFileSync } = require('node:fs');
const start = performance.now();
const entities = JSON.parse(readFileSync(process.argv[1], 'utf8'));
process.stdout.write(JSON.stringify({ ms: performance.now() - start, documents: entities.length }));
`;

function floor(script: string, target: string, expected: number): number {
  const out = execFileSync(process.execPath, ['-e', script, target], { cwd: path.resolve(__dirname, '..'), maxBuffer: 1 << 20 });
  const { ms, documents } = JSON.parse(out.toString()) as { ms: number; documents: number };
  if (documents !== expected) throw new Error(`the floor read ${documents} entities, not ${expected}`);
  return ms;
}

/** A generated catalog of `count` entities, `perFile` to a `catalog-info.yaml`, each file in a folder of its own. */
function writeCatalog(root: string, count: number, perFile: number): void {
  const entities = generateCatalog(count);
  for (let i = 0; i < entities.length; i += perFile) {
    mkdirSync(path.join(root, `part-${i}`));
    writeFileSync(
      path.join(root, `part-${i}`, 'catalog-info.yaml'),
      entities
        .slice(i, i + perFile)
        .map((entity) => stringify(entity))
        .join('---\n'),
    );
  }
  writeFileSync(path.join(path.dirname(root), `${path.basename(root)}.json`), JSON.stringify(entities));
}

interface Timed {
  /** From `initialize` sent to the tree's answer: a cold load, the server's start included. */
  tree: number;
  /** From `initialized` to the tree's answer and to the first search's. */
  treeSinceInitialized: number;
  searchSinceInitialized: number;
}

/** Starts the server on `root` and waits for the tree's first answer to count every entity; with storage, then asks a first search. */
async function greenroomLoad(root: string, count: number, storagePath?: string, beforeClosing?: () => Promise<void>): Promise<Timed> {
  const session = new LspSession('Greenroom', [SERVER], SETTINGS);
  try {
    // Statuses sent while the first load reads (loaded: false) show progress; the load ends with loaded: true.
    const loaded = session.next<{ entityCount: number; loaded: boolean }>('greenroom/catalogChanged', (status) => status.loaded && status.entityCount > 0, 20 * 60_000);
    const start = performance.now();
    await session.initialize(pathToFileURL(root).toString(), storagePath ? { storagePath } : undefined);
    const initialized = performance.now();
    await loaded;
    const { result } = await session.time('greenroom/entityGroups', { groupBy: 'kind' });
    const tree = performance.now();
    const listed = (result as { count: number }[]).reduce((sum, group) => sum + group.count, 0);
    if (listed !== count) throw new Error(`Greenroom's tree counted ${listed} entities, not ${count}`);
    // The first search of a warm start; a cold load's is the search benchmark's.
    if (storagePath) {
      const search = await session.time('greenroom/search', { query: 'payment', limit: 50 });
      if ((search.result as unknown[]).length === 0) throw new Error('the first search found nothing');
    }
    const timed = { tree: tree - start, treeSinceInitialized: tree - initialized, searchSinceInitialized: performance.now() - initialized };
    await beforeClosing?.();
    return timed;
  } finally {
    await session.dispose();
  }
}

const median = (samples: number[]) => percentile(samples, 50);
const round = (value: number) => Math.round(value * 1000) / 1000;
const list = (samples: number[]) => samples.map(Math.round).join(', ');

async function coldShape(base: string, name: string, count: number, perFile: number, rounds: number): Promise<{ greenroom: number[]; floor: number[] }> {
  const root = path.join(base, name);
  mkdirSync(root);
  writeCatalog(root, count, perFile);
  const greenroom: number[] = [];
  const floors: number[] = [];
  for (let round = 0; round < rounds; round++) {
    greenroom.push((await greenroomLoad(root, count)).tree);
    floors.push(floor(YAML_FLOOR, root, count));
  }
  return { greenroom, floor: floors };
}

async function warmStart(base: string): Promise<{ tree: number[]; search: number[]; floor: number[] }> {
  const root = path.join(base, 'warm');
  const storage = path.join(base, 'storage');
  mkdirSync(root);
  writeCatalog(root, 10_000, 1);
  // The first start reads the files and saves the catalog; the window stays open until the saved file is there.
  await greenroomLoad(root, 10_000, storage, async () => {
    for (let waited = 0; !(existsSync(storage) && readdirSync(storage).some((file) => file.startsWith('workspace-catalog-') && file.endsWith('.bin'))); waited += 100) {
      if (waited > 300_000) throw new Error('the server saved no catalog');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  const tree: number[] = [];
  const search: number[] = [];
  const floors: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const timed = await greenroomLoad(root, 10_000, storage);
    tree.push(timed.treeSinceInitialized);
    search.push(timed.searchSinceInitialized);
    floors.push(floor(JSON_FLOOR, `${root}.json`, 10_000));
  }
  return { tree, search, floor: floors };
}

async function locationFanOut(base: string): Promise<{ greenroom: number[] }> {
  const root = path.join(base, 'location');
  mkdirSync(path.join(root, 'e'), { recursive: true });
  for (let i = 0; i < 10_000; i++) {
    writeFileSync(
      path.join(root, 'e', `${i}.yaml`),
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: service-${i}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-${i % 50}\n`,
    );
  }
  const targets = Array.from({ length: 10_000 }, (_, i) => `    - ./e/${i}.yaml`).join('\n');
  writeFileSync(path.join(root, 'catalog-info.yaml'), `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: services\nspec:\n  targets:\n${targets}\n`);
  const greenroom: number[] = [];
  for (let round = 0; round < ROUNDS; round++) greenroom.push((await greenroomLoad(root, 10_001)).tree);
  return { greenroom };
}

/** The warm start alone: its records and their lines. */
async function warmOnly(base: string, loadBefore: number): Promise<void> {
  const warm = await warmStart(base);
  const records = warmRecords(warm);
  const value = (name: string) => records.find((record) => record.name === name)!.value;
  console.log(
    `Warm start through the server over stdio (median of ${ROUNDS}, alternated with the floor; load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after, ${os.availableParallelism()} cores)`,
  );
  printWarm(value, warm);
  recordResults([...records, { name: 'warmstart.load_average', value: round(os.loadavg()[0]), unit: '' }]);
}

function warmRecords(warm: { tree: number[]; search: number[]; floor: number[] }): BenchRecord[] {
  return [
    { name: 'warmstart.10k.tree_ms', value: round(median(warm.tree)), unit: 'ms' },
    { name: 'warmstart.10k.first_search_ms', value: round(median(warm.search)), unit: 'ms' },
    { name: 'warmstart.10k.json_parse_ms', value: round(median(warm.floor)), unit: 'ms' },
    { name: 'warmstart.10k.tree_vs_json_parse', value: round(median(warm.tree) / median(warm.floor)), unit: 'x' },
  ];
}

function printWarm(value: (name: string) => number, warm: { tree: number[]; search: number[]; floor: number[] }): void {
  console.log(
    `  warm start, 10,000 from the saved catalog, since initialized: tree ${value('warmstart.10k.tree_ms')} ms (${list(warm.tree)}; target ≤ 200), first search ${value('warmstart.10k.first_search_ms')} ms (${list(warm.search)}; target ≤ 300)`,
  );
  console.log(`    floor, read + JSON.parse of the same entities: ${value('warmstart.10k.json_parse_ms')} ms (${list(warm.floor)}); tree ${value('warmstart.10k.tree_vs_json_parse')}× the floor`);
}

async function main(): Promise<void> {
  const base = mkdtempSync(path.join(os.tmpdir(), 'greenroom-load-'));
  const loadBefore = os.loadavg()[0];
  try {
    if (process.env.BENCH_ONLY === 'warm') return await warmOnly(base, loadBefore);
    if (process.env.BENCH_ONLY === 'location') {
      const location = await locationFanOut(base);
      console.log(`A Location naming 10,000 files (load average ${loadBefore.toFixed(2)} before): ${list(location.greenroom)} ms`);
      return;
    }
    const one = await coldShape(base, 'one-per-file', 10_000, 1, ROUNDS);
    const many = await coldShape(base, 'many-per-file', 10_000, 100, ROUNDS);
    if (process.env.BENCH_ONLY === 'cold') {
      const ratio = (shape: { greenroom: number[]; floor: number[] }) => round(median(shape.greenroom) / median(shape.floor));
      console.log(`Cold load of 10,000 entities (median of ${ROUNDS}; load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after, ${os.availableParallelism()} cores)`);
      console.log(`  one per file: ${list(one.greenroom)} ms; floor ${list(one.floor)} ms; ${ratio(one)}×`);
      console.log(`  100 per file: ${list(many.greenroom)} ms; floor ${list(many.floor)} ms; ${ratio(many)}×`);
      return;
    }
    const large = await coldShape(base, '100k', 100_000, 100, 1);
    const warm = await warmStart(base);
    const location = await locationFanOut(base);
    const records: BenchRecord[] = [
      { name: 'load.10k_files_ms', value: round(median(one.greenroom)), unit: 'ms' },
      { name: 'load.10k_files_yaml_parse_ms', value: round(median(one.floor)), unit: 'ms' },
      { name: 'load.10k_files_vs_yaml_parse', value: round(median(one.greenroom) / median(one.floor)), unit: 'x' },
      { name: 'load.10k_100_per_file_ms', value: round(median(many.greenroom)), unit: 'ms' },
      { name: 'load.10k_100_per_file_yaml_parse_ms', value: round(median(many.floor)), unit: 'ms' },
      { name: 'load.10k_100_per_file_vs_yaml_parse', value: round(median(many.greenroom) / median(many.floor)), unit: 'x' },
      { name: 'load.100k_ms', value: round(large.greenroom[0]), unit: 'ms' },
      { name: 'load.100k_yaml_parse_ms', value: round(large.floor[0]), unit: 'ms' },
      { name: 'load.100k_vs_yaml_parse', value: round(large.greenroom[0] / large.floor[0]), unit: 'x' },
      ...warmRecords(warm),
      { name: 'load.location_10k_ms', value: round(median(location.greenroom)), unit: 'ms' },
    ];
    const value = (name: string) => records.find((record) => record.name === name)!.value;
    console.log(
      `Catalog load through the server over stdio (median of ${ROUNDS}, alternated with the floor; load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after, ${os.availableParallelism()} cores)`,
    );
    console.log(
      `  10,000 entities, one per file: ${value('load.10k_files_ms')} ms (${list(one.greenroom)}); floor, read + yaml.parseAllDocuments: ${value('load.10k_files_yaml_parse_ms')} ms (${list(one.floor)}); ${value('load.10k_files_vs_yaml_parse')}× (target ≤ 1.5×)`,
    );
    console.log(
      `  10,000 entities, 100 per file: ${value('load.10k_100_per_file_ms')} ms (${list(many.greenroom)}); floor ${value('load.10k_100_per_file_yaml_parse_ms')} ms (${list(many.floor)}); ${value('load.10k_100_per_file_vs_yaml_parse')}× (target ≤ 1.5×)`,
    );
    console.log(`  100,000 entities, 100 per file: ${value('load.100k_ms')} ms; floor ${value('load.100k_yaml_parse_ms')} ms; ${value('load.100k_vs_yaml_parse')}×`);
    printWarm(value, warm);
    console.log(`  a Location naming 10,000 files: ${value('load.location_10k_ms')} ms (${list(location.greenroom)})`);
    recordResults([...records, { name: 'load.load_average', value: round(os.loadavg()[0]), unit: '' }]);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

// Exits once done: after a full run the process stayed alive with its results written, no timer and no server left,
// only its own stdout and stderr open, and `npm run bench` would stop there.
main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
