import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { EntityDetails, RunTemplateResult } from '../../src/protocol/catalogProtocol';
import { LspClient } from './lspClient';

// Templates are untrusted input: every known route from a nunjucks/Jinja expression to JavaScript
// (constructor chains from each kind of value, built-in globals, prototype walks, `set`, macros,
// loops, including outside files) in every place a template holds expressions, run dry and for
// real through the catalog server. Each payload tries to create its own sentinel file.

const root = mkdtempSync(path.join(tmpdir(), 'greenroom-ssti-'));
const sentinels = path.join(root, 'sentinels');
const outsideMarker = 'OUTSIDE-FILE-MARKER-4f1c';
const outsideTemplate = path.join(root, 'outside.njk');

/** JavaScript that creates the sentinel `id`; the path is URI-encoded so that it holds no `/` (it goes into file names too). */
function code(id: string): string {
  return `process.getBuiltinModule('fs').writeFileSync(decodeURIComponent('${encodeURIComponent(path.join(sentinels, id))}'),'pwned')`;
}

/** Expressions that reach a Function constructor in an unsandboxed engine. */
const EXPRESSIONS: Record<string, (js: string) => string> = {
  'range-global': (js) => `range.constructor("${js}")()`,
  'cycler-global': (js) => `cycler.constructor("${js}")()`,
  'joiner-global': (js) => `joiner.constructor("${js}")()`,
  'lipsum-global': (js) => `lipsum.constructor("${js}")()`,
  'string-literal': (js) => `"".constructor.constructor("${js}")()`,
  'list-literal': (js) => `[].constructor.constructor("${js}")()`,
  'dict-literal': (js) => `({}).constructor.constructor("${js}")()`,
  'number-literal': (js) => `(1).constructor.constructor("${js}")()`,
  'boolean-literal': (js) => `true.constructor.constructor("${js}")()`,
  'context-value': (js) => `parameters.constructor.constructor("${js}")()`,
  'parameter-string': (js) => `parameters.name.constructor.constructor("${js}")()`,
  'filter-result': (js) => `(parameters.name | upper).constructor.constructor("${js}")()`,
  'list-filter': (js) => `("ab" | list).constructor.constructor("${js}")()`,
  'scaffolder-filter': (js) => `("github.com?owner=o&repo=r" | parseRepoUrl).constructor.constructor("${js}")()`,
  'subscript-walk': (js) => `parameters["constructor"]["constructor"]("${js}")()`,
  'proto-walk': (js) => `parameters.__proto__.constructor.constructor("${js}")()`,
  'string-proto-walk': (js) => `"".__proto__.constructor.constructor("${js}")()`,
};

/** Built-in filters of nunjucks and the scaffolder's: a constructor chain from each one's result. */
const FILTERS = [
  'abs', 'batch(2)', 'capitalize', 'center', 'default("x")', 'dictsort', 'dump', 'escape', 'first', 'float', 'forceescape', 'groupby("length")',
  'indent', 'int', 'join(",")', 'last', 'length', 'list', 'lower', 'nl2br', 'random', 'reject', 'rejectattr("length")', 'replace("a", "b")',
  'reverse', 'round', 'safe', 'select', 'selectattr("length")', 'slice(2)', 'sort', 'string', 'striptags', 'sum', 'title', 'trim', 'truncate(1)',
  'upper', 'urlencode', 'urlize', 'wordcount', 'parseEntityRef', 'pick("kind")', 'projectSlug',
];
for (const filter of FILTERS) {
  EXPRESSIONS[`filter-${filter.replace(/\W.*$/, '')}`] = (js) => `("user:default/ab" | ${filter}).constructor.constructor("${js}")()`;
}

/** Whole templates: statements that reach the same through `set`, loops, macros and other files. */
const STATEMENTS: Record<string, (js: string, open: string) => string> = {
  'set-tag': (js, open) => `{% set f = range.constructor("${js}") %}${open} f() }}`,
  'loop-variable': (js, open) => `{% for i in [1] %}${open} loop.constructor.constructor("${js}")() }}{% endfor %}`,
  macro: (js, open) => `{% macro m() %}x{% endmacro %}${open} m.constructor("${js}")() }}`,
  'macro-caller': (js, open) => `{% macro m() %}${open} caller.constructor("${js}")() }}{% endmacro %}{% call m() %}x{% endcall %}`,
  include: () => `{% include "${outsideTemplate}" %}`,
  import: (_js, open) => `{% import "${outsideTemplate}" as x %}${open} x }}`,
  extends: () => `{% extends "${outsideTemplate}" %}`,
};

type Place = 'step-input' | 'nested-input' | 'step-if' | 'output' | 'skeleton-file' | 'skeleton-name' | 'cookiecutter-file' | 'cookiecutter-name';
const PLACES: Place[] = ['step-input', 'nested-input', 'step-if', 'output', 'skeleton-file', 'skeleton-name', 'cookiecutter-file', 'cookiecutter-name'];

interface Case {
  name: string;
  place: Place;
  payload: string;
  sentinel: string;
}

function templateText(payload: string, place: Place, id: string): string {
  const open = place.startsWith('cookiecutter') ? '{{' : '${{';
  if (payload in EXPRESSIONS) return `${open} ${EXPRESSIONS[payload](code(id))} }}`;
  return STATEMENTS[payload](code(id), open);
}

/** Writes one Template whose `place` holds the payload, and returns its case. */
function writeCase(payload: string, place: Place): Case | undefined {
  // Each filter in one place of each kind (an input, a file): the routes differ by filter, not by place.
  if (payload.startsWith('filter-') && place !== 'step-input' && place !== 'skeleton-file') return undefined;
  const name = `t-${place}-${payload}`;
  const text = templateText(payload, place, name);
  // A file name cannot hold a `/`: payloads naming another file stay in contents.
  if (place.endsWith('-name') && text.includes('/')) return undefined;
  const folder = path.join(root, 'workspace', name);
  const skeleton = path.join(folder, 'skeleton');
  mkdirSync(skeleton, { recursive: true });
  const cookiecutter = place.startsWith('cookiecutter');
  const fileName = place.endsWith('-name') ? text : 'README.md';
  const fileText = place.endsWith('-file') ? text : '# hello\n';
  writeFileSync(path.join(skeleton, fileName), fileText);
  const steps: Record<string, unknown>[] = [
    { id: 'fetch', action: 'fetch:template', input: { url: './skeleton', cookiecutterCompat: cookiecutter || undefined, values: place === 'nested-input' ? { x: text } : { name: 'svc' } } },
    { id: 'log', action: 'debug:log', ...(place === 'step-if' ? { if: text } : {}), input: { message: place === 'step-input' ? text : 'hello' } },
  ];
  const template = {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name },
    spec: {
      owner: 'team-a',
      type: 'service',
      parameters: [{ properties: { name: { type: 'string' } } }],
      steps,
      output: place === 'output' ? { links: [{ title: 'x', url: text }], text: [{ title: 't', content: text }] } : {},
    },
  };
  writeFileSync(path.join(folder, 'catalog-info.yaml'), stringify(template));
  return { name, place, payload, sentinel: path.join(sentinels, name) };
}

/** Every file under `dir`, relative, except the run targets. */
function filesUnder(dir: string, skip: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(skip))
    .sort();
}

describe('hostile templates run through the catalog server', function () {
  this.timeout(120_000);
  let client: LspClient;
  const cases: Case[] = [];

  before(async () => {
    mkdirSync(sentinels, { recursive: true });
    writeFileSync(outsideTemplate, `${outsideMarker} \${{ range.constructor("${code('outside-file')}")() }}\n`);
    for (const payload of [...Object.keys(EXPRESSIONS), ...Object.keys(STATEMENTS)]) {
      for (const place of PLACES) {
        const written = writeCase(payload, place);
        if (written) cases.push(written);
      }
    }
    client = new LspClient();
    await client.initialize(path.join(root, 'workspace'));
  });

  after(async () => {
    await client.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it(`runs none of the payloads, dry or for real, and writes only into the target`, async () => {
    const before = filesUnder(root, 'targets');
    const templates = await client.request<{ ref: string }[]>('greenroom/templates');
    assert.equal(templates.length, cases.length, 'every hostile template is in the catalog');
    const leaked: string[] = [];
    let failed = 0;
    for (const testCase of cases) {
      for (const dryRun of [true, false]) {
        const targetFolder = path.join(root, 'targets', `${testCase.name}-${dryRun ? 'dry' : 'real'}`);
        const result = await client.request<RunTemplateResult>('greenroom/runTemplate', {
          ref: `template:default/${testCase.name}`,
          parameters: { name: 'svc' },
          targetFolder,
          dryRun,
        });
        if (!result.ok) failed++;
        const shown = JSON.stringify(result);
        if (shown.includes(outsideMarker) || shown.includes('root:x:0:0')) leaked.push(`${testCase.name}: another file's text in the answer`);
        if (existsSync(targetFolder) && filesUnder(targetFolder, '\0').join('\n').includes(outsideMarker)) leaked.push(`${testCase.name}: another file's name in the output`);
      }
    }
    const fired = readdirSync(sentinels);
    assert.deepEqual(fired, [], `payloads that ran code: ${fired.join(', ')}`);
    assert.deepEqual(leaked, []);
    assert.deepEqual(filesUnder(root, 'targets'), before, 'nothing written outside the run targets');
    console.log(`      ${cases.length} hostile templates × dry and real runs: 0 ran code (${failed} of ${cases.length * 2} runs ended with a template error)`);
  });
});

describe('runaway templates', function () {
  this.timeout(60_000);
  let client: LspClient;
  const workspace = mkdtempSync(path.join(tmpdir(), 'greenroom-runaway-'));
  const loop = '{% for i in range(0, 30000000) %}x{% endfor %}';

  function writeTemplate(name: string, spec: Record<string, unknown>, skeletonFile?: string): void {
    mkdirSync(path.join(workspace, name, 'skeleton'), { recursive: true });
    writeFileSync(path.join(workspace, name, 'skeleton', 'ok.txt'), 'fine\n');
    if (skeletonFile) writeFileSync(path.join(workspace, name, 'skeleton', skeletonFile), loop);
    const template = { apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', metadata: { name }, spec: { owner: 'team-a', type: 'service', ...spec } };
    writeFileSync(path.join(workspace, name, 'catalog-info.yaml'), stringify(template));
  }

  before(async () => {
    writeTemplate('loop-in-file', { steps: [{ id: 'fetch', action: 'fetch:template', input: { url: './skeleton' } }] }, 'huge.txt');
    writeTemplate('loop-in-input', { steps: [{ id: 'say', action: 'debug:log', input: { message: loop } }] });
    writeTemplate('loop-in-output', { steps: [], output: { text: [{ title: 'x', content: loop }] } });
    writeFileSync(path.join(workspace, 'catalog-info.yaml'), 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n');
    client = new LspClient();
    await client.initialize(workspace);
    await client.request('greenroom/templates');
  });

  after(async () => {
    await client.dispose();
    rmSync(workspace, { recursive: true, force: true });
  });

  const run = (name: string) =>
    client.request<RunTemplateResult>('greenroom/runTemplate', { ref: `template:default/${name}`, parameters: {}, targetFolder: path.join(workspace, 'out', name), dryRun: true });

  it('ends a loop in a skeleton file with an error naming the step and the file, and keeps answering meanwhile', async () => {
    const started = Date.now();
    const running = run('loop-in-file');
    // Asked while the run renders: answered without waiting for it to end.
    const group = await client.request<EntityDetails | null>('greenroom/entityDetails', { ref: 'group:default/team-a' });
    assert.equal(group?.entity.ref, 'group:default/team-a');
    const result = await running;
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.stepId === 'fetch');
    assert.match(!result.ok ? result.message : '', /fetch.*huge\.txt: the template went past a rendering limit/);
    assert.ok(Date.now() - started < 10_000, `ended after ${Date.now() - started} ms`);
  });

  it('ends a loop in a step input or in the output with an error naming where', async () => {
    const input = await run('loop-in-input');
    assert.ok(!input.ok && input.stepId === 'say' && /Step say failed: the template went past a rendering limit/.test(input.message), JSON.stringify(input));
    const output = await run('loop-in-output');
    assert.ok(!output.ok && output.stepId === 'output' && /output failed: the template went past a rendering limit/.test(output.message), JSON.stringify(output));
  });
});

describe('local runs in an untrusted workspace', function () {
  this.timeout(30_000);
  let client: LspClient;
  const workspace = mkdtempSync(path.join(tmpdir(), 'greenroom-untrusted-'));

  before(async () => {
    mkdirSync(path.join(workspace, 'skeleton'));
    writeFileSync(path.join(workspace, 'skeleton', 'hello.txt'), 'hello ${{ values.name }}\n');
    const template = {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'hello' },
      spec: { owner: 'team-a', type: 'service', steps: [{ id: 'fetch', action: 'fetch:template', input: { url: './skeleton', values: { name: 'x' } } }] },
    };
    writeFileSync(path.join(workspace, 'catalog-info.yaml'), stringify(template));
    client = new LspClient();
    await client.initialize(workspace, {}, { workspaceTrusted: false });
  });

  after(async () => {
    await client.dispose();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('are refused by the server itself until the workspace is trusted', async () => {
    const params = { ref: 'template:default/hello', parameters: {}, targetFolder: path.join(workspace, 'out'), dryRun: false };
    const refused = await client.request<RunTemplateResult>('greenroom/runTemplate', params);
    assert.ok(!refused.ok && /untrusted workspace/.test(refused.message));
    assert.equal(existsSync(path.join(workspace, 'out')), false);
    await client.connection.sendNotification('greenroom/workspaceTrust', { trusted: true });
    const ran = await client.request<RunTemplateResult>('greenroom/runTemplate', params);
    assert.ok(ran.ok, JSON.stringify(ran));
    assert.deepEqual(ran.written, ['hello.txt']);
  });
});
