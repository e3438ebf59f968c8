// The catalog language benchmark. Greenroom's server, with a generated catalog of 10,000 entities loaded, answers
// hover, completion and definition at 500 positions each and re-checks an edited 200-entity file; yaml-language-server,
// given Backstage's entity schemas, does the same on the same files. Both servers run side by side and take turns
// request by request, so that the machine's load falls on both alike; diagnostics are compared on the work after each
// server's fixed wait for typing to pause. Prints both side by side with the targets and merges the figures into
// bench/results.json.
//
// Run: node scripts/build.mjs && npx tsx bench/languageBench.ts
// BENCH_CPU_PROF_DIR=<dir> also writes a CPU profile of Greenroom's server there (node --cpu-prof).
import type { Entity } from '@backstage/catalog-model';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { stringify } from 'yaml';
import { mergeResults, percentile, RESULTS, type BenchRecord } from './benchStats';
import { generateCatalog } from './generateCatalog';
import { LspSession, type Diagnostic, type Position } from './lspSession';
import { startYamlLanguageServer, writeBackstageSchemas } from './yamlLanguageServer';

const ENTITIES = 10_000;
const BIG_FILE_ENTITIES = 200;
/** Measured requests per feature and server, half in the 200-entity file and half in small files. */
const POSITIONS = 500;
/** Requests sent first and not measured: JIT, caches, lazily loaded schemas. */
const WARM_UP = 100;
/** Small files open beside the big one, as a person has a few tabs open. */
const SMALL_FILES_OPEN = 40;
const EDITS = 20;
const WARM_UP_EDITS = 3;
/** The whole run, servers and catalog load included, must end by then on a 2-core machine. */
const DEADLINE_MS = 5 * 60_000;
const TARGETS = { hover: 5, completion: 5, definition: 5, diagnostics: 50 };
/**
 * Both servers wait for typing to pause before checking an edit (EDIT_DELAY_MS in src/server/server.ts,
 * validationDelayMs in yaml-language-server): time to diagnostics includes that wait, the rest is work.
 */
const EDIT_DELAY_MS = { greenroom: 10, yamlLanguageServer: 200 };
/** BENCH_SERVER runs another build's server (a copy of dist/ from before a change) on the same work, for a side-by-side figure. */
const GREENROOM_SERVER = path.resolve(process.env.BENCH_SERVER ?? path.join(__dirname, '../dist/server.js'));
/** Greenroom's default globs find every catalog-info.yaml: nothing to add or leave out. */
const CATALOG_SETTINGS = { include: [], exclude: [] };
const BIG_FILE = 'platform/catalog-info.yaml';
/** Spec fields whose values are entity refs, in the generated catalog. */
const REF_FIELDS = new Set(['owner', 'system', 'domain', 'parent', 'children', 'members', 'memberOf', 'dependsOn', 'providesApis', 'consumesApis']);

type Feature = 'hover' | 'completion' | 'definition';
type Category = 'ref' | 'key' | 'annotation';

interface Site {
  uri: string;
  position: Position;
  category: Category;
}

interface OpenFile {
  uri: string;
  text: string;
}

interface Latencies {
  p50: number;
  p95: number;
  /** Responses that show the user something: so that a server answering nothing fast does not look good. */
  answered: number;
}

/** The generator's entities with the relations it leaves out: dependencies, group children and members. */
function withRelations(generated: readonly Entity[]): Entity[] {
  const entities = structuredClone(generated) as Entity[];
  const ofKind = (kind: string) => entities.filter((entity) => entity.kind === kind);
  const spec = (entity: Entity) => entity.spec as Record<string, unknown>;
  const components = ofKind('Component');
  const resources = ofKind('Resource');
  components.forEach((component, i) => {
    // Never itself: an offset in 1…n-1. Deterministic, like the generator.
    const other = components[(i + 1 + ((i * 37) % (components.length - 1))) % components.length];
    const dependsOn = [`component:${other.metadata.name}`, `resource:${resources[(i * 13) % resources.length].metadata.name}`].slice(0, i % 3);
    if (dependsOn.length > 0) spec(component).dependsOn = dependsOn;
  });
  const groups = ofKind('Group');
  const users = ofKind('User');
  for (const group of groups) {
    const name = group.metadata.name;
    spec(group).children = groups.filter((child) => spec(child).parent === name).map((child) => child.metadata.name);
    const members = users.filter((user) => (spec(user).memberOf as string[])[0] === name).map((user) => user.metadata.name);
    if (members.length > 0) spec(group).members = members;
  }
  return entities;
}

/** Where each entity lives: one repo file per component, a file per system, team and domain, and one 200-entity file. */
function layout(entities: readonly Entity[]): Map<string, Entity[]> {
  const files = new Map<string, Entity[]>();
  const add = (file: string, entity: Entity) => files.set(file, [...(files.get(file) ?? []), entity]);
  const home = (entity: Entity): string => {
    const spec = (entity.spec ?? {}) as { system?: string; memberOf?: string[] };
    const name = entity.metadata.name;
    switch (entity.kind) {
      case 'Component':
        return `components/${name}`;
      case 'User':
        return `org/${spec.memberOf?.[0] ?? 'users'}`;
      case 'Group':
        return `org/${name}`;
      case 'System':
        return `systems/${name}`;
      case 'Domain':
        return `domains/${name}`;
      default:
        return spec.system ? `systems/${spec.system}` : 'misc';
    }
  };
  // Every 49th entity past the first few goes to the big file: a mix of every kind, as in a monorepo's catalog.
  entities.forEach((entity, i) => {
    const toBig = i >= 50 && i % 49 === 0 && (files.get(BIG_FILE)?.length ?? 0) < BIG_FILE_ENTITIES;
    add(toBig ? BIG_FILE : `${home(entity)}/catalog-info.yaml`, entity);
  });
  return files;
}

function yamlOf(entities: readonly Entity[]): string {
  return entities.map((entity) => stringify(entity)).join('---\n');
}

function writeCatalog(folder: string, files: ReadonlyMap<string, Entity[]>): void {
  for (const [file, entities] of files) {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    writeFileSync(path.join(folder, file), yamlOf(entities));
  }
}

/**
 * Cursor positions in a file written by `stringify`, read from indentation: ref values (`owner: team-x`,
 * `dependsOn` items), keys, and annotation keys, each with the cursor inside the word.
 */
function sitesIn(file: OpenFile): Site[] {
  const sites: Site[] = [];
  let stack: { indent: number; key: string }[] = [];
  const at = (line: number, start: number, word: string, category: Category) => sites.push({ uri: file.uri, position: { line, character: start + Math.floor(word.length / 2) }, category });
  file.text.split('\n').forEach((line, index) => {
    if (line === '---') {
      stack = [];
      return;
    }
    const keyLine = /^(\s*)(- )?([\w./-]+):(?: (.+))?$/.exec(line);
    const item = keyLine ? undefined : /^(\s*)- (.+)$/.exec(line);
    const indent = keyLine ? keyLine[1].length + (keyLine[2]?.length ?? 0) : item ? item[1].length : -1;
    if (indent < 0) return;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    const parent = stack.map((entry) => entry.key);
    const inRefField = (field: string) => parent.length === 1 && parent[0] === 'spec' && REF_FIELDS.has(field);
    if (item) {
      if (parent.length === 2 && inRefField(parent[1])) at(index, indent + 2, item[2], 'ref');
      return;
    }
    const [, , , key, value] = keyLine!;
    stack.push({ indent, key });
    at(index, indent, key, parent.join('.') === 'metadata.annotations' ? 'annotation' : 'key');
    // An empty flow list (`providesApis: []`) holds no ref.
    if (value && value !== '[]' && inRefField(key)) at(index, indent + key.length + 2, value, 'ref');
  });
  return sites;
}

/** `count` items spread evenly over `list`, the same every run. */
function spread<T>(list: readonly T[], count: number): T[] {
  return Array.from({ length: count }, (_, i) => list[Math.floor((i * list.length) / count)]);
}

/** Where a person hovers and completes: mostly refs, then keys, then annotation keys. */
function mixed(sites: readonly Site[], count: number): Site[] {
  const of = (category: Category) => sites.filter((site) => site.category === category);
  const keys = Math.round(count * 0.25);
  const annotations = Math.round(count * 0.15);
  return [...spread(of('ref'), count - keys - annotations), ...spread(of('key'), keys), ...spread(of('annotation'), annotations)];
}

async function openAll(session: LspSession, files: readonly OpenFile[]): Promise<void> {
  for (const file of files) await session.notify('textDocument/didOpen', { textDocument: { uri: file.uri, languageId: 'yaml', version: 1, text: file.text } });
}

/** Not null, not an empty list of locations or items, not an empty hover. */
function hasContent(result: unknown): boolean {
  if (result === null || result === undefined) return false;
  if (Array.isArray(result)) return result.length > 0;
  const { items, contents } = result as { items?: unknown[]; contents?: string | { value: string } };
  if (items) return items.length > 0;
  return contents === undefined || (typeof contents === 'string' ? contents : contents.value) !== '';
}

async function latencies(session: LspSession, method: string, sites: readonly Site[]): Promise<Latencies> {
  return (await interleaved([session], method, sites))[0];
}

/**
 * The same requests to every server, taking turns site by site and swapping who goes first, so that a change in the
 * machine's load falls on all of them alike.
 */
async function interleaved(sessions: readonly LspSession[], method: string, sites: readonly Site[]): Promise<Latencies[]> {
  const request = (session: LspSession, site: Site) => session.time(method, { textDocument: { uri: site.uri }, position: site.position });
  for (const site of sites.slice(0, WARM_UP)) for (const session of sessions) await request(session, site);
  const samples = sessions.map(() => [] as number[]);
  const answered = sessions.map(() => 0);
  for (const [i, site] of sites.entries()) {
    for (const index of turns(sessions.length, i)) {
      const { ms, result } = await request(sessions[index], site);
      samples[index].push(ms);
      if (hasContent(result)) answered[index]++;
    }
  }
  return samples.map((taken, index) => ({ p50: percentile(taken, 50), p95: percentile(taken, 95), answered: answered[index] }));
}

/** The order of `count` servers in round `round`: forwards, then backwards. */
function turns(count: number, round: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  return round % 2 === 0 ? order : order.reverse();
}

/**
 * Edits of the big file, timed to the diagnostics the server publishes for them. Each edit points one entity's
 * owner at a new, missing team, so every edit changes what there is to report.
 */
class Edits {
  private readonly line: number;
  private value: string;
  private count = 0;

  constructor(
    private readonly session: LspSession,
    private readonly file: OpenFile,
    private readonly waitsForEdit: (edit: number) => (diagnostics: Diagnostic[]) => boolean,
  ) {
    const lines = file.text.split('\n');
    this.line = lines.findIndex((text) => text.startsWith('  owner: '));
    this.value = lines[this.line].slice('  owner: '.length);
  }

  /** Makes the next edit; resolves to the time until its diagnostics arrived. */
  async next(): Promise<number> {
    const edit = this.count++;
    const next = `missing-team-${edit}`;
    const published = this.session.next<{ uri: string; diagnostics: Diagnostic[] }>(
      'textDocument/publishDiagnostics',
      (params) => params.uri === this.file.uri && this.waitsForEdit(edit)(params.diagnostics),
      30_000,
    );
    const start = performance.now();
    await this.session.notify('textDocument/didChange', {
      textDocument: { uri: this.file.uri, version: edit + 2 },
      contentChanges: [{ range: { start: { line: this.line, character: 9 }, end: { line: this.line, character: 9 + this.value.length } }, text: next }],
    });
    const { at } = await published;
    this.value = next;
    return at - start;
  }
}

/** Time to diagnostics, the servers taking turns edit by edit. */
async function diagnosticsLatency(editors: readonly Edits[]): Promise<Latencies[]> {
  const samples = editors.map(() => [] as number[]);
  for (let edit = 0; edit < WARM_UP_EDITS + EDITS; edit++) {
    for (const index of turns(editors.length, edit)) {
      const ms = await editors[index].next();
      if (edit >= WARM_UP_EDITS) samples[index].push(ms);
    }
  }
  return samples.map((taken) => ({ p50: percentile(taken, 50), p95: percentile(taken, 95), answered: taken.length }));
}

type Results = Record<Feature, Latencies> & { diagnostics: Latencies };

async function startGreenroom(folderUri: string, files: readonly OpenFile[], sessions: LspSession[]): Promise<LspSession> {
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const session = new LspSession('Greenroom', [...profile, GREENROOM_SERVER], { 'greenroom.catalog': CATALOG_SETTINGS });
  sessions.push(session);
  const loadStart = performance.now();
  const loaded = session.next<{ loaded: boolean; entityCount: number; fileCount: number }>('greenroom/catalogChanged', (status) => status.loaded, 180_000);
  await session.initialize(folderUri, { catalog: CATALOG_SETTINGS });
  const { params: status } = await loaded;
  if (status.entityCount !== ENTITIES) throw new Error(`Greenroom loaded ${status.entityCount} entities, expected ${ENTITIES}`);
  print(`Greenroom: ${status.entityCount} entities in ${status.fileCount} files loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  // Each opened file is re-read once typing pauses, and each re-read ends in a catalogChanged: wait for them all.
  let changes = 0;
  const settled = session.next('greenroom/catalogChanged', () => ++changes === files.length, 120_000);
  await openAll(session, files);
  await settled;
  return session;
}

async function startYaml(folder: string, files: readonly OpenFile[], sessions: LspSession[]): Promise<LspSession> {
  const session = await startYamlLanguageServer(URI.file(folder).toString(), writeBackstageSchemas(path.join(folder, '.schemas')));
  sessions.push(session);
  await assertValidates(session, folder);
  const published = new Set<string>();
  const settled = session.next<{ uri: string }>('textDocument/publishDiagnostics', ({ uri }) => published.add(uri).size === files.length, 120_000);
  await openAll(session, files);
  await settled;
  return session;
}

/** Both servers running side by side on the same files, measured on the same requests in turns. */
async function measure(greenroom: LspSession, yaml: LspSession, files: readonly OpenFile[], hoverSites: Site[], definitionSites: Site[]): Promise<[Results, Omit<Results, 'definition'>]> {
  const [hover, yamlHover] = await interleaved([greenroom, yaml], 'textDocument/hover', hoverSites);
  const [completion, yamlCompletion] = await interleaved([greenroom, yaml], 'textDocument/completion', hoverSites);
  const definition = await latencies(greenroom, 'textDocument/definition', definitionSites);
  const [diagnostics, yamlDiagnostics] = await diagnosticsLatency([
    new Edits(greenroom, files[0], (edit) => (found) => found.some((d) => d.message.includes(`missing-team-${edit}`))),
    // It publishes after every edit, whatever it found: the next publication for the file is the answer.
    new Edits(yaml, files[0], () => () => true),
  ]);
  return [
    { hover, completion, definition, diagnostics },
    { hover: yamlHover, completion: yamlCompletion, diagnostics: yamlDiagnostics },
  ];
}

/** Without its schemas yaml-language-server checks only syntax, and any comparison would flatter it: prove they apply. */
async function assertValidates(session: LspSession, folder: string): Promise<void> {
  const uri = URI.file(path.join(folder, 'probe', 'catalog-info.yaml')).toString();
  const invalid = 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: probe\nspec:\n  type: service\n  lifecycle: production\n';
  const reported = session.next<{ uri: string; diagnostics: Diagnostic[] }>('textDocument/publishDiagnostics', (params) => params.uri === uri && params.diagnostics.length > 0, 30_000);
  await session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: invalid } });
  const { diagnostics } = (await reported).params;
  if (!diagnostics.some((d) => d.message.includes('owner'))) throw new Error(`yaml-language-server does not apply the Backstage schemas: ${JSON.stringify(diagnostics)}`);
  print(`yaml-language-server validates with Backstage's schemas: a Component without an owner gets "${diagnostics[0].message}"`);
  const cleared = session.next<{ uri: string }>('textDocument/publishDiagnostics', (params) => params.uri === uri, 10_000);
  await session.notify('textDocument/didClose', { textDocument: { uri } });
  await cleared;
}

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function report(ours: Results, theirs: Omit<Results, 'definition'>): BenchRecord[] {
  const records: BenchRecord[] = [];
  const record = (name: string, value: number, unit: string) => records.push({ name, value: Math.round(value * 1000) / 1000, unit });
  // The same work on both sides: each server's own wait for typing to pause taken out of its time to diagnostics.
  const beyond = (latencies: Latencies, delay: number): Latencies => ({ ...latencies, p50: latencies.p50 - delay, p95: latencies.p95 - delay });
  const ourWork = beyond(ours.diagnostics, EDIT_DELAY_MS.greenroom);
  const theirWork = beyond(theirs.diagnostics, EDIT_DELAY_MS.yamlLanguageServer);
  const rows: [string, Latencies, Latencies | undefined, number, number][] = [
    ['hover', ours.hover, theirs.hover, TARGETS.hover, POSITIONS],
    ['completion', ours.completion, theirs.completion, TARGETS.completion, POSITIONS],
    ['definition', ours.definition, undefined, TARGETS.definition, POSITIONS],
    ['diagnostics, beyond wait', ourWork, theirWork, TARGETS.diagnostics, EDITS],
  ];
  const cells = (latencies: Latencies | undefined, of: number) =>
    latencies ? `${latencies.p50.toFixed(2).padStart(8)}${latencies.p95.toFixed(2).padStart(8)}${`${latencies.answered}/${of}`.padStart(10)}` : 'n/a'.padStart(26);
  print(`\n${ENTITIES} entities; ${POSITIONS} requests of each kind after ${WARM_UP} to warm up; ${EDITS} edits after ${WARM_UP_EDITS}; the two servers in turns.`);
  print(`Times in ms; load average ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} cores;`);
  print('answered: responses with something to show (edits: diagnostics received).');
  const head = `${'p50'.padStart(8)}${'p95'.padStart(8)}${'answered'.padStart(10)}`;
  print(`${''.padEnd(26)}${'Greenroom'.padStart(26)}  ${'yaml-language-server'.padStart(26)}  ${'ratio'.padStart(6)}  target`);
  print(`${''.padEnd(26)}${head}  ${head}  ${'p95'.padStart(6)}  p95`);
  for (const [label, mine, other, target, of] of rows) {
    const ratio = other ? (mine.p95 / other.p95).toFixed(2) : 'n/a';
    print(`${label.padEnd(26)}${cells(mine, of)}  ${cells(other, of)}  ${ratio.padStart(6)}  < ${target} ms ${mine.p95 < target ? 'met' : 'MISSED'}`);
  }
  print('\nratio: Greenroom p95 ÷ yaml-language-server p95; below 1 means Greenroom is faster. yaml-language-server has no definition for entity refs.');
  print(`Diagnostics compare the work after each server's fixed wait for typing to pause (Greenroom ${EDIT_DELAY_MS.greenroom} ms, yaml-language-server ${EDIT_DELAY_MS.yamlLanguageServer} ms);`);
  print(`with the wait, p95: Greenroom ${ours.diagnostics.p95.toFixed(1)} ms, yaml-language-server ${theirs.diagnostics.p95.toFixed(1)} ms.`);

  for (const feature of ['hover', 'completion', 'definition'] as const) {
    record(`${feature}.10k.p50_ms`, ours[feature].p50, 'ms');
    record(`${feature}.10k.p95_ms`, ours[feature].p95, 'ms');
  }
  for (const feature of ['hover', 'completion'] as const) {
    record(`${feature}.10k.yaml_language_server_p50_ms`, theirs[feature].p50, 'ms');
    record(`${feature}.10k.yaml_language_server_p95_ms`, theirs[feature].p95, 'ms');
    record(`${feature}.10k.p95_vs_yaml_language_server`, ours[feature].p95 / theirs[feature].p95, 'ratio');
  }
  record('diagnostics.200_entities_ms', ours.diagnostics.p95, 'ms');
  record('diagnostics.200_entities_p50_ms', ours.diagnostics.p50, 'ms');
  record('diagnostics.200_entities_yaml_language_server_ms', theirs.diagnostics.p95, 'ms');
  record('diagnostics.200_entities_yaml_language_server_p50_ms', theirs.diagnostics.p50, 'ms');
  record('diagnostics.200_entities_vs_yaml_language_server', ourWork.p95 / theirWork.p95, 'ratio');
  record('diagnostics.200_entities_beyond_edit_delay_ms', ourWork.p95, 'ms');
  record('diagnostics.200_entities_yaml_language_server_beyond_edit_delay_ms', theirWork.p95, 'ms');
  return records;
}

async function run(folder: string, sessions: LspSession[]): Promise<void> {
  if (!existsSync(GREENROOM_SERVER)) throw new Error(`${GREENROOM_SERVER} is missing: build it first with \`node scripts/build.mjs\``);
  const files = layout(withRelations(generateCatalog(ENTITIES)));
  writeCatalog(folder, files);
  const paths = [...files.keys()].filter((file) => file !== BIG_FILE).sort();
  const open = [BIG_FILE, ...spread(paths, SMALL_FILES_OPEN)].map((file) => ({
    uri: URI.file(path.join(folder, file)).toString(),
    text: yamlOf(files.get(file)!),
  }));
  const [big, ...small] = open.map(sitesIn);
  const smallSites = small.flat();
  const refs = (sites: readonly Site[]) => sites.filter((site) => site.category === 'ref');
  const hoverSites = [...mixed(big, POSITIONS / 2), ...mixed(smallSites, POSITIONS / 2)];
  const definitionSites = [...spread(refs(big), POSITIONS / 2), ...spread(refs(smallSites), POSITIONS / 2)];
  print(`Catalog: ${ENTITIES} entities in ${files.size} files under ${folder}; ${open.length} files open, the first with ${BIG_FILE_ENTITIES} entities`);

  const greenroom = await startGreenroom(URI.file(folder).toString(), open, sessions);
  const yaml = await startYaml(folder, open, sessions);
  const [ours, theirs] = await measure(greenroom, yaml, open, hoverSites, definitionSites);
  mergeResults(report(ours, theirs));
  print(`\nwrote ${path.relative(process.cwd(), RESULTS)}`);
}

async function main(): Promise<void> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'greenroom-language-bench-'));
  const sessions: LspSession[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`The benchmark took longer than ${DEADLINE_MS / 1000} s`)), DEADLINE_MS)));
  try {
    await Promise.race([run(folder, sessions), deadline]);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    clearTimeout(timer);
    await Promise.all(sessions.map((session) => session.dispose()));
    rmSync(folder, { recursive: true, force: true });
  }
  // A run cut short by the deadline may leave requests pending: they must not keep the process alive.
  process.exit();
}

void main();
