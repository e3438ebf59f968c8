// The command-line benchmark. A generated repository of 10,000 entities in 1,000 catalog-info.yaml files is validated
// from a cold process by `greenroom validate` (refs, Locations, Backstage's rules) and, side by side and alternated,
// by yaml-language-server with Backstage's entity JSON schemas — the schema-only check most teams run today — from its
// start to the last file's diagnostics. A second Greenroom figure adds a rules file of nine rules: the rules' cost.
// Prints medians with every sample and the load average, and merges the figures into bench/results.json.
//
// Run: node scripts/build.mjs && npx tsx bench/cliBench.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { stringify } from 'yaml';
import { mergeResults, percentile, type BenchRecord } from './benchStats';
import { generateCatalog } from './generateCatalog';
import { startYamlLanguageServer, writeBackstageSchemas } from './yamlLanguageServer';

const ENTITIES = 10_000;
const FILES = 1_000;
const ROUNDS = 3;
const CLI = path.resolve(__dirname, '../dist/cli.js');
const RULES = path.resolve(__dirname, '../test/fixtures/rules/.greenroom/rules.yaml');

function greenroom(folder: string, rules?: string): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [CLI, 'validate', folder, '--format', 'json', ...(rules ? ['--rules', rules] : [])], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = performance.now() - start;
  if (run.status === 2 || !run.stdout.startsWith('{')) throw new Error(`greenroom validate failed: ${run.stderr}`);
  const entities = (JSON.parse(run.stdout) as { summary: { entities: number } }).summary.entities;
  if (entities !== ENTITIES) throw new Error(`greenroom validate found ${entities} entities, not ${ENTITIES}`);
  return ms;
}

async function yamlLanguageServer(folder: string, files: readonly string[], schemaUri: string): Promise<number> {
  const start = performance.now();
  const session = await startYamlLanguageServer(URI.file(folder).toString(), schemaUri);
  try {
    const uris = files.map((file) => URI.file(file).toString());
    const pending = new Set(uris);
    const done = new Promise<void>((resolve) => {
      const wait = (): void => {
        void session.next<{ uri: string }>('textDocument/publishDiagnostics', (params) => pending.has(params.uri), 300_000).then(({ params }) => {
          pending.delete(params.uri);
          if (pending.size === 0) resolve();
          else wait();
        });
      };
      wait();
    });
    for (const [index, file] of files.entries()) {
      await session.notify('textDocument/didOpen', { textDocument: { uri: uris[index], languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') } });
    }
    await done;
    return performance.now() - start;
  } finally {
    await session.dispose();
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'greenroom-cli-bench-'));
  try {
    const entities = generateCatalog(ENTITIES);
    const perFile = ENTITIES / FILES;
    const files: string[] = [];
    for (let index = 0; index < FILES; index++) {
      const file = path.join(root, 'repo', `part-${index}`, 'catalog-info.yaml');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, entities.slice(index * perFile, (index + 1) * perFile).map((entity) => stringify(entity)).join('---\n'));
      files.push(file);
    }
    const repo = path.join(root, 'repo');
    mkdirSync(path.join(repo, '.greenroom'));
    writeFileSync(path.join(repo, '.greenroom', 'nine-rules.yaml'), readFileSync(RULES));
    const schemaUri = writeBackstageSchemas(path.join(root, 'schemas'));
    const samples = { greenroom: [] as number[], rules: [] as number[], yaml: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      samples.greenroom.push(greenroom(repo));
      samples.yaml.push(await yamlLanguageServer(repo, files, schemaUri));
      samples.rules.push(greenroom(repo, path.join(repo, '.greenroom', 'nine-rules.yaml')));
    }
    const median = (values: number[]) => percentile(values, 50);
    const round3 = (value: number) => Math.round(value * 1000) / 1000;
    const records: BenchRecord[] = [
      { name: 'cli.validate.10k_ms', value: round3(median(samples.greenroom)), unit: 'ms' },
      { name: 'cli.validate.10k_yaml_language_server_ms', value: round3(median(samples.yaml)), unit: 'ms' },
      { name: 'cli.validate.10k_vs_yaml_language_server', value: round3(median(samples.greenroom) / median(samples.yaml)), unit: 'x' },
      { name: 'rules.overhead_ratio', value: round3(median(samples.rules) / median(samples.greenroom)), unit: 'x' },
    ];
    const list = (values: number[]) => values.map(Math.round).join(', ');
    console.log(`Validating ${ENTITIES} entities in ${FILES} files from a cold process (median of ${ROUNDS}, alternated; load average ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} cores)`);
    console.log(`  greenroom validate: ${records[0].value} ms (${list(samples.greenroom)}); goal ≤ 2,000 ms`);
    console.log(`  yaml-language-server, Backstage's schemas, start to last diagnostics: ${records[1].value} ms (${list(samples.yaml)})`);
    console.log(`  ratio ${records[2].value}× (goal < 1: faster while checking refs, Locations and rules)`);
    console.log(`  with nine rules: ${round3(median(samples.rules))} ms (${list(samples.rules)}); overhead ${records[3].value}× (goal ≤ 1.1)`);
    mergeResults(records);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
