// The cold-load benchmark. A Location names 10,000 one-entity files; Greenroom's server, started fresh, is timed from
// `initialize` to the answer listing all of them. The floor beside it, in the same run and alternated with it: one Node
// process reading the same files and parsing them with the `yaml` package, nothing else. Prints both and the ratio, with
// the load average, and merges the figures into bench/results.json.
//
// Run: node scripts/build.mjs && npx tsx bench/loadBench.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { mergeResults, percentile, type BenchRecord } from './benchStats';
import { LspSession } from './lspSession';

const FILES = 10_000;
const ROUNDS = 3;
const SERVER = path.resolve(__dirname, '../dist/server.js');

function entity(index: number): string {
  return `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: service-${index}\n  description: Service number ${index}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-${index % 50}\n`;
}

/** The floor: read every file and parse it with the yaml package, in one fresh process. */
const FLOOR_SCRIPT = `
const { readFileSync } = require('node:fs');
const { parseAllDocuments } = require('yaml');
const [folder, count] = [process.argv[1], Number(process.argv[2])];
const start = performance.now();
let documents = 0;
for (let i = 0; i < count; i++) documents += parseAllDocuments(readFileSync(\`\${folder}/\${i}.yaml\`, 'utf8')).length;
process.stdout.write(JSON.stringify({ ms: performance.now() - start, documents }));
`;

async function greenroomLoad(root: string): Promise<number> {
  const session = new LspSession('Greenroom', [SERVER], { 'greenroom.catalog': { include: [], exclude: [] } });
  try {
    const start = performance.now();
    await session.initialize(pathToFileURL(root).toString());
    await session.next('greenroom/catalogChanged', () => true, 120_000);
    const { result } = await session.time('greenroom/groupEntities', { groupBy: 'kind', key: 'Component' });
    const listed = (result as unknown[]).length;
    if (listed !== FILES) throw new Error(`Greenroom listed ${listed} components, not ${FILES}`);
    return performance.now() - start;
  } finally {
    await session.dispose();
  }
}

function floorLoad(folder: string): number {
  const out = execFileSync(process.execPath, ['-e', FLOOR_SCRIPT, folder, String(FILES)], { cwd: path.resolve(__dirname, '..'), maxBuffer: 1 << 20 });
  const { ms, documents } = JSON.parse(out.toString()) as { ms: number; documents: number };
  if (documents !== FILES) throw new Error(`the floor parsed ${documents} documents, not ${FILES}`);
  return ms;
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'greenroom-load-'));
  try {
    mkdirSync(path.join(root, 'e'));
    const files = Array.from({ length: FILES }, (_, i) => path.join(root, 'e', `${i}.yaml`));
    files.forEach((file, i) => writeFileSync(file, entity(i)));
    const targets = files.map((_, i) => `    - ./e/${i}.yaml`).join('\n');
    writeFileSync(path.join(root, 'catalog-info.yaml'), `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: services\nspec:\n  targets:\n${targets}\n`);
    const greenroom: number[] = [];
    const floor: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      greenroom.push(await greenroomLoad(root));
      floor.push(floorLoad(path.join(root, 'e')));
    }
    const median = (samples: number[]) => percentile(samples, 50);
    const load = os.loadavg()[0];
    const records: BenchRecord[] = [
      { name: 'load.location_10k_ms', value: round(median(greenroom)), unit: 'ms' },
      { name: 'load.10k_files_yaml_parse_ms', value: round(median(floor)), unit: 'ms' },
      { name: 'load.10k_files_vs_yaml_parse', value: round(median(greenroom) / median(floor)), unit: 'x' },
    ];
    console.log(`Cold load, a Location naming ${FILES} files (median of ${ROUNDS}, alternated; load average ${load.toFixed(2)} on ${os.availableParallelism()} cores)`);
    console.log(`  Greenroom, initialize to all listed: ${records[0].value} ms  (${greenroom.map(Math.round).join(', ')})`);
    console.log(`  floor, read + yaml.parseAllDocuments: ${records[1].value} ms  (${floor.map(Math.round).join(', ')})`);
    console.log(`  ratio ${records[2].value}× (target ≤ 1.5×; issue goal for the Location fan-out: ≤ 2,000 ms)`);
    mergeResults(records);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
