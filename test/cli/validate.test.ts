import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SchemaValidEntityPolicy, type Entity } from '@backstage/catalog-model';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { component, TempWorkspace } from '../unit/tempWorkspace';
import { LspClient } from '../server/lspClient';
import { readFolderSettings } from '../../src/cli/folderSettings';
import { githubReport } from '../../src/cli/formats/github';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const EXAMPLE = path.resolve(__dirname, '../fixtures/workspace');
const REAL_WORLD = path.resolve(__dirname, '../fixtures/real-world');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function greenroom(args: string[], cwd = EXAMPLE, env: NodeJS.ProcessEnv = {}): Run {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env }, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface JsonReport {
  summary: { files: number; entities: number; rejected: number; errors: number; warnings: number; info: number };
  entities: { ref: string; kind: string; file: string; line: number; accepted: boolean }[];
  problems: { file: string; line: number; column: number; severity: string; code: string; message: string; source: string }[];
}

/** The editor's answer: the language server over stdio, on the same folder, with the settings an editor reads there. */
async function assertSameAsEditor(folder: string, report: JsonReport): Promise<void> {
  const client = new LspClient();
  try {
    await client.initialize(folder, { include: readFolderSettings(folder).include });
    const expected = report.problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.severity} ${problem.code} ${problem.message}`).sort();
    const severity = ['', 'error', 'warning', 'info'];
    const published = () =>
      [...client.diagnostics]
        .flatMap(([file, list]) => list.map((d) => `${path.relative(folder, file).split(path.sep).join('/')}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severity[d.severity ?? 1]} ${d.code} ${d.message}`))
        .sort();
    await client.waitFor(() => client.catalogVersion >= 0 && published().length >= expected.length, `the diagnostics of every file in ${folder}`).catch(() => undefined);
    assert.deepEqual(published(), expected, folder);
  } finally {
    await client.dispose();
  }
}

describe('greenroom validate (the command line)', function () {
  this.timeout(180_000);
  const workspaces: TempWorkspace[] = [];
  const workspace = (files: Record<string, string>) => {
    const created = new TempWorkspace(files);
    workspaces.push(created);
    return created;
  };
  after(() => workspaces.forEach((created) => created.dispose()));

  it('reads like a compiler on the example workspace, and exits 1 for its error', () => {
    const run = greenroom(['validate']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^playground\/catalog-info\.yaml:6:9 error Policy check failed for component:default\/playground service; .* \[entity-invalid\]$/m);
    assert.match(run.stdout, /^4 problems \(1 error, 0 warnings, 3 info\): 63 entities in 45 files, 1 Backstage would not ingest\.$/m);
    assert.equal(run.stderr, '', 'no progress line when stderr is not a terminal');
  });

  it("gives Backstage's own envelope verdicts from the validator compiled into it at build time", async () => {
    // The bundle carries SchemaValidEntityPolicy's validator as ajv's standalone code; Backstage's package compiles it at
    // run time. Each entity breaks the envelope in another place: the first error, which Backstage reports, must match.
    const broken: ({ metadata: { name: string } & Record<string, unknown> } & Record<string, unknown>)[] = [
      { metadata: { name: 'labels', labels: { tier: 5 } } },
      { metadata: { name: 'annotations', annotations: { 'example.com/x': ['a'] } } },
      { metadata: { name: 'tags', tags: 'one' } },
      { metadata: { name: 'relations' }, relations: [{}] },
      { metadata: { name: 'links', links: [{ title: 'no url' }] } },
      { metadata: { name: 'status' }, status: { items: [{ level: 'error' }] } },
    ];
    const entities = broken.map((fields) => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', spec: { type: 'service', lifecycle: 'production', owner: 'team-a' }, ...fields }));
    const folder = workspace({ 'catalog-info.yaml': entities.map((entity) => JSON.stringify(entity)).join('\n---\n') }).root;
    const report = JSON.parse(greenroom(['validate', '.', '--format', 'json'], folder).stdout) as JsonReport;
    const policy = new SchemaValidEntityPolicy();
    for (const entity of entities) {
      const expected = await policy.enforce(entity as unknown as Entity).then(
        () => assert.fail(`Backstage accepts ${entity.metadata.name}`),
        (error: Error) => error.message,
      );
      const found = report.problems.filter((problem) => problem.code === 'entity-invalid' && problem.message.includes(`component:default/${entity.metadata.name};`));
      assert.equal(found.length, 1, `one verdict on ${entity.metadata.name}: ${JSON.stringify(report.problems)}`);
      assert.ok(found[0].message.endsWith(`caused by Error: ${expected}`), `${found[0].message} ends with ${expected}`);
    }
  });

  it('exits 0 on a clean folder, and 1 past --max-warnings', () => {
    const clean = workspace({ 'catalog-info.yaml': `${component('api')}---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n` });
    const run = greenroom(['validate'], clean.root);
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /^No problems: 2 entities in 1 file\.$/m);

    const advised = workspace({ 'catalog-info.yaml': component('api') });
    assert.equal(greenroom(['validate'], advised.root).status, 0, 'a warning alone does not fail');
    const strict = greenroom(['validate', '--max-warnings', '0'], advised.root);
    assert.equal(strict.status, 1);
    assert.match(strict.stdout, /catalog-info\.yaml:8:10 warning .*team-a.* \[unresolved-ref\]/);
  });

  it('exits 2 with a reason on a usage error or a path that is not there', () => {
    for (const [args, reason] of [
      [['lint'], /unknown command "lint"/],
      [['validate', '--format', 'xml'], /--format must be one of text, json, sarif, github/],
      [['validate', '--max-warnings', 'some'], /--max-warnings must be a whole number/],
      [['validate', 'no-such-file.yaml'], /no-such-file\.yaml does not exist/],
      [['validate', '--backstage', 'ftp://example.com'], /--backstage must be an http\(s\) URL/],
      [['validate', '--token', 'secret'], /Unknown option '--token'/],
    ] as const) {
      const run = greenroom([...args]);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stdout}`);
      assert.match(run.stderr, reason);
    }
  });

  it('lists every entity with its verdict in JSON, and the same problems the language server publishes', async () => {
    const run = greenroom(['validate', '--format', 'json']);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.entities.length, report.summary.entities);
    assert.deepEqual(report.entities.find((entity) => entity.ref === 'component:default/playground service'), { ref: 'component:default/playground service', kind: 'Component', file: 'playground/catalog-info.yaml', line: 3, accepted: false });
    assert.ok(report.entities.filter((entity) => entity.accepted).length === report.entities.length - 1);
    assert.deepEqual(new Set(report.problems.map((problem) => problem.source)), new Set(['backstage', 'greenroom']));

    await assertSameAsEditor(EXAMPLE, report);
  });

  it('reports what the editor reports on the catalogs of 16 public repositories', async function () {
    this.timeout(600_000);
    const repositories = readdirSync(REAL_WORLD, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    assert.equal(repositories.length, 16);
    let problems = 0;
    for (const repository of repositories) {
      const folder = path.join(REAL_WORLD, repository.name);
      const report = JSON.parse(greenroom(['validate', '--format', 'json'], folder).stdout) as JsonReport;
      problems += report.problems.length;
      await assertSameAsEditor(folder, report);
    }
    console.log(`      16 repositories: ${problems} problems, each as the language server publishes it`);
  });

  it('writes SARIF 2.1.0 that validates against the SARIF schema, with rules and fingerprints', () => {
    const run = greenroom(['validate', '--format', 'sarif']);
    assert.equal(run.status, 1);
    const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    // The schema's patterns predate Unicode mode: one is not a valid /u expression.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const valid = ajv.validate(schema, log);
    assert.ok(valid, JSON.stringify(ajv.errors, null, 2));
    const [sarifRun] = log.runs;
    assert.deepEqual(sarifRun.results.map((result) => result.level).sort(), ['error', 'note', 'note', 'note']);
    for (const result of sarifRun.results) {
      assert.equal(sarifRun.tool.driver.rules[result.ruleIndex].id, result.ruleId);
      assert.match(result.partialFingerprints['greenroomProblem/v1'], /^[0-9a-f]{64}$/);
      assert.ok(!path.isAbsolute(result.locations[0].physicalLocation.artifactLocation.uri), 'locations relative to the repository');
    }
  });

  it('writes GitHub annotations whose text cannot end the command or start another', () => {
    const tricky = workspace({ 'a,b:c/catalog-info.yaml': component('api').replace('owner: team-a', 'owner: "100%"') });
    const run = greenroom(['validate', '--format', 'github'], tricky.root);
    assert.equal(run.stdout, '::warning file=a%2Cb%3Ac/catalog-info.yaml,line=8,col=10,endLine=8,endColumn=16,title=Greenroom unresolved-ref::Greenroom\'s advice (Backstage accepts the entity; the relation points to nothing): group:default/100%25 is not in the catalog.\n');
    // A message over several lines stays one annotation.
    const problem = { file: 'x.yaml', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', code: 'yaml-syntax', message: 'first\r\n::error::second', source: 'backstage' } as const;
    assert.equal(githubReport({ root: '/', files: 1, entities: [], problems: [problem] }), '::error file=x.yaml,line=1,col=1,endLine=1,endColumn=2,title=Greenroom yaml-syntax::first%0D%0A::error::second\n');
  });

  it('reports bad input as problems and goes on: binary, too large, a Location loop', () => {
    const bad = workspace({
      'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: loop\nspec:\n  targets:\n    - ./more/catalog-info.yaml\n    - ./binary.yaml\n    - ./big.yaml\n`,
      'more/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: back\nspec:\n  targets:\n    - ../catalog-info.yaml\n`,
      'ok/catalog-info.yaml': component('still-read'),
    });
    bad.write('binary.yaml', Buffer.from([0x61, 0x00, 0x62]));
    bad.write('big.yaml', `# ${'x'.repeat(11 * 1024 * 1024)}\n`);
    const run = greenroom(['validate', '--format', 'json'], bad.root);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    const codes = report.problems.map((problem) => `${problem.file} ${problem.code}`);
    for (const expected of ['binary.yaml file-unreadable', 'big.yaml file-too-large', 'more/catalog-info.yaml location-cycle']) assert.ok(codes.includes(expected), `${expected} in ${codes.join(', ')}`);
    assert.ok(report.entities.some((entity) => entity.ref === 'component:default/still-read'));
  });

  it('validates only the files and globs named, and reads the folder settings as the editor does', () => {
    const folder = workspace({
      'a/catalog-info.yaml': component('a'),
      'b/catalog-info.yaml': component('b'),
      'extra/entities.yaml': component('extra'),
      '.vscode/settings.json': '{\n  // as the editor reads it\n  "greenroom.catalog.include": ["extra/*.yaml"],\n}\n',
    });
    const all = JSON.parse(greenroom(['validate', '--format', 'json'], folder.root).stdout) as JsonReport;
    assert.deepEqual(all.entities.map((entity) => entity.ref).sort(), ['component:default/a', 'component:default/b', 'component:default/extra']);
    const some = JSON.parse(greenroom(['validate', '--format', 'json', 'a/catalog-info.yaml', 'extra/*.yaml'], folder.root).stdout) as JsonReport;
    assert.deepEqual(some.entities.map((entity) => entity.ref).sort(), ['component:default/a', 'component:default/extra']);
  });

  it('runs as npx greenroom from the package', () => {
    // npx keeps what it installed in npm's cache; an empty one, offline, is what a fresh clone has.
    const cache = new TempWorkspace({});
    workspaces.push(cache);
    const run = spawnSync('npx', ['--no-install', 'greenroom', '--version'], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
      env: { ...process.env, npm_config_cache: cache.root, npm_config_offline: 'true' },
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.equal(run.stdout.trim(), (JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version);
  });
});
