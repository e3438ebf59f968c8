import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Catalog } from '../../../src/core/catalog/catalog';
import { MAX_CATALOG_FILE_BYTES, MAX_GLOB_MATCHES, WorkspaceFiles } from '../../../src/sources/workspaceFiles';
import { component, TempWorkspace } from '../tempWorkspace';

// Catalog files read only inside the workspace folder that holds them: paths, links and globs that
// lead out are refused on the line that names them, and nothing from outside reaches any answer.

const SENTINEL = `outside-secret-${randomUUID()}`;

const location = (...targets: string[]) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n${targets.map((t) => `    - ${JSON.stringify(t)}\n`).join('')}`;
/** Target n (0-based) of `location` is on this line (1-based). */
const targetLine = (n: number) => 7 + n;

const api = (name: string, placeholder: string, written: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: ${name}\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    ${placeholder}: ${JSON.stringify(written)}\n`;
const PLACEHOLDER_LINE = 10;

function problemsOf(catalog: Catalog, file: string) {
  return (catalog.problems().get(file) ?? []).map((p) => ({ line: p.range.start.line + 1, code: p.code, severity: p.severity, message: p.message }));
}

describe('hostile paths in catalog files', function () {
  this.timeout(5000);
  let workspace: TempWorkspace;
  let outside: string;
  let outsideFromWorkspace: string;

  beforeEach(() => {
    outside = mkdtempSync(path.join(tmpdir(), 'greenroom-outside-'));
    writeFileSync(path.join(outside, 'secret.txt'), `${SENTINEL}\n`);
    writeFileSync(path.join(outside, 'secret.json'), `{"secret": "${SENTINEL}"}\n`);
    writeFileSync(path.join(outside, 'catalog-info.yaml'), component('outsider', { description: SENTINEL }));
    mkdirSync(path.join(outside, 'deeper'));
    writeFileSync(path.join(outside, 'deeper', 'catalog-info.yaml'), component('deep-outsider', { description: SENTINEL }));
  });

  afterEach(() => {
    workspace.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  function create(files: Record<string, string>): void {
    workspace = new TempWorkspace(files);
    outsideFromWorkspace = path.relative(workspace.root, outside);
  }

  /** Nothing read from outside is in any entity or problem, and no problem is filed on a file outside. */
  function assertNothingFromOutside(catalog: Catalog): void {
    const entities = JSON.stringify(catalog.entities().map((record) => record.entity));
    assert.ok(!entities.includes(SENTINEL), 'an entity holds text from outside');
    assert.ok(!catalog.entities().some((record) => /outsider/.test(record.ref)), 'an entity from outside was read');
    for (const [file, problems] of catalog.problems()) {
      assert.ok(file.startsWith(workspace.root + path.sep), `a problem is filed on ${file}`);
      for (const problem of problems) assert.ok(!problem.message.includes(SENTINEL), `a problem quotes text from outside: ${problem.message}`);
    }
  }

  describe('placeholders', () => {
    for (const [name, written] of [
      ['an absolute path', () => path.join(outside, 'secret.txt')],
      ['a path that climbs out with ..', () => `../${outsideFromWorkspace}/secret.txt`],
      ['a deep climb to /etc/passwd', () => '../../../../../../../../../../etc/passwd'],
      ['an absolute system file', () => '/etc/passwd'],
      ['/proc/self/pagemap, whose size reads as 0', () => '/proc/self/pagemap'],
      ['/dev/zero', () => '/dev/zero'],
    ] as const) {
      it(`refuses ${name} on the placeholder's line`, async () => {
        create({});
        workspace.write('catalog-info.yaml', api('pets', '$text', written()));
        const catalog = await workspace.catalog();
        const problems = problemsOf(catalog, workspace.path('catalog-info.yaml'));
        assert.deepEqual(problems.map((p) => [p.line, p.code]), [[PLACEHOLDER_LINE, 'placeholder-unresolved']]);
        assert.match(problems[0].message, /^Placeholder \$text could not read location .*, it is outside the workspace folder that holds this file/);
        assert.equal((catalog.entity('api:default/pets')!.entity.spec as { definition: string }).definition, '');
        assert.ok(!JSON.stringify(catalog.entities()).includes('root:'), 'nothing of /etc/passwd');
        assertNothingFromOutside(catalog);
      });
    }

    it('refuses a link to a file outside, and a path through a linked folder outside', async () => {
      create({ 'a/catalog-info.yaml': api('through-file', '$text', './secret-link.txt'), 'b/catalog-info.yaml': api('through-folder', '$json', './outside-link/secret.json') });
      symlinkSync(path.join(outside, 'secret.txt'), workspace.path('a/secret-link.txt'));
      symlinkSync(outside, workspace.path('b/outside-link'));
      const catalog = await workspace.catalog();
      for (const [file, key] of [['a/catalog-info.yaml', '$text'], ['b/catalog-info.yaml', '$json']]) {
        const problems = problemsOf(catalog, workspace.path(file));
        assert.deepEqual(problems.map((p) => [p.line, p.code]), [[PLACEHOLDER_LINE, 'placeholder-unresolved']], file);
        assert.match(problems[0].message, new RegExp(`^Placeholder \\${key} could not read location .*, a symbolic link leads it outside the workspace folder`));
      }
      assertNothingFromOutside(catalog);
    });

    it('says the same of a missing file outside as of an existing one', async () => {
      create({ 'a/catalog-info.yaml': api('there', '$text', path.join(outside, 'secret.txt')), 'b/catalog-info.yaml': api('not-there', '$text', path.join(outside, 'nothing.txt')) });
      const catalog = await workspace.catalog();
      const [there] = problemsOf(catalog, workspace.path('a/catalog-info.yaml'));
      const [notThere] = problemsOf(catalog, workspace.path('b/catalog-info.yaml'));
      assert.equal(there.message.replace('secret.txt', 'X'), notThere.message.replace('nothing.txt', 'X'));
    });

    it('reads ~ as a folder of that name beside the file, not the home folder', async () => {
      create({ 'catalog-info.yaml': api('tilde', '$text', '~/secret.txt'), 'other/catalog-info.yaml': api('tilde-here', '$text', '~/notes.txt'), 'other/~/notes.txt': 'notes kept in a folder named ~\n' });
      const home = process.env.HOME;
      process.env.HOME = outside;
      try {
        const catalog = await workspace.catalog();
        const [problem] = problemsOf(catalog, workspace.path('catalog-info.yaml'));
        assert.equal(problem.line, PLACEHOLDER_LINE);
        assert.match(problem.message, /could not read location ~\/secret\.txt, file .*\/~\/secret\.txt does not exist/);
        assert.equal((catalog.entity('api:default/tilde-here')!.entity.spec as { definition: string }).definition, 'notes kept in a folder named ~\n');
        assertNothingFromOutside(catalog);
      } finally {
        process.env.HOME = home;
      }
    });

    it('refuses a FIFO without waiting on it', async function () {
      // Windows has no FIFOs to create (mkfifo).
      if (process.platform === 'win32') this.skip();
      create({ 'catalog-info.yaml': api('piped', '$text', './pipe.yaml') });
      execFileSync('mkfifo', [workspace.path('pipe.yaml')]);
      const catalog = await workspace.catalog();
      const [problem] = problemsOf(catalog, workspace.path('catalog-info.yaml'));
      assert.equal(problem.line, PLACEHOLDER_LINE);
      assert.match(problem.message, /pipe\.yaml is not a regular file/);
    });

    it('names the line of a $json or $yaml error inside the workspace, without quoting the data', async () => {
      create({
        'a/catalog-info.yaml': api('json', '$json', './data.json'),
        'a/data.json': `{\n  "fine": 1,\n  "secret": "${SENTINEL}" oops\n}\n`,
        'b/catalog-info.yaml': api('yaml', '$yaml', './data.yaml'),
        'b/data.yaml': `fine: 1\nsecret: "${SENTINEL}\n  "x": [\n`,
      });
      const catalog = await workspace.catalog();
      const [json] = problemsOf(catalog, workspace.path('a/catalog-info.yaml'));
      assert.equal(json.line, PLACEHOLDER_LINE);
      assert.equal(json.message, 'Placeholder $json failed to parse JSON data at ./data.json: it is not valid JSON (line 3)');
      const [yaml] = problemsOf(catalog, workspace.path('b/catalog-info.yaml'));
      assert.equal(yaml.line, PLACEHOLDER_LINE);
      assert.match(yaml.message, /^Placeholder \$yaml found an error in the data at \.\/data\.yaml: [A-Z_]+ \(line \d+\)$/);
      for (const record of catalog.entities()) assert.ok(!record.failure?.message.includes(SENTINEL));
    });
  });

  describe('Location targets', () => {
    it('refuses absolute paths, .. and system files outside, on each target\'s line', async () => {
      create({});
      workspace.write('catalog-info.yaml', location(path.join(outside, 'catalog-info.yaml'), `../${outsideFromWorkspace}/catalog-info.yaml`, '../../../../../../../../../../etc/shadow', '/etc/shadow', './here.yaml'));
      workspace.write('here.yaml', component('here'));
      const catalog = await workspace.catalog();
      const problems = problemsOf(catalog, workspace.path('catalog-info.yaml'));
      assert.deepEqual(problems.map((p) => [p.line, p.code]), [...[0, 1, 2, 3].map((n) => [targetLine(n), 'location-outside-workspace']), [4, 'location-failed']]);
      for (const problem of problems.slice(0, -1)) assert.match(problem.message, /^Location target .* is not read: it is outside the workspace folder that holds this file/);
      assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name), ['root', 'here']);
      assert.ok(!catalog.problems().has('/etc/shadow'));
      assertNothingFromOutside(catalog);
    });

    it('neither lists nor follows a linked folder or file that leads outside', async () => {
      create({ 'catalog-info.yaml': location('./outside-link/catalog-info.yaml', './file-link.yaml', './outside-link/*.yaml', './*/catalog-info.yaml') });
      symlinkSync(outside, workspace.path('outside-link'));
      symlinkSync(path.join(outside, 'catalog-info.yaml'), workspace.path('file-link.yaml'));
      const catalog = await workspace.catalog();
      const problems = problemsOf(catalog, workspace.path('catalog-info.yaml'));
      assert.deepEqual(problems.map((p) => [p.line, p.code, p.severity]), [
        [targetLine(0), 'location-outside-workspace', 'error'],
        [targetLine(1), 'location-outside-workspace', 'error'],
        [targetLine(2), 'location-outside-workspace', 'error'],
        [targetLine(3), 'location-outside-workspace', 'error'],
        [4, 'location-failed', 'error'],
      ]);
      assert.match(problems[0].message, /a symbolic link leads it outside the workspace folder/);
      assert.match(problems[3].message, /reaches symbolic links that lead outside the workspace folder \(outside-link\); they are not followed/);
      assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name), ['root']);
      assertNothingFromOutside(catalog);
    });

    it('does not follow a link to outside that appears after the first load', async () => {
      create({ 'catalog-info.yaml': component('inside') });
      const catalog = await workspace.catalog();
      symlinkSync(outside, workspace.path('late-link'));
      await catalog.applyChanges([{ path: workspace.path('late-link'), type: 'created' }]);
      assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name), ['inside']);
      assertNothingFromOutside(catalog);
    });

    it('lets a file open in the editor outside every workspace folder read no other file', async () => {
      create({ 'catalog-info.yaml': component('inside') });
      const catalog = await workspace.catalog();
      const opened = path.join(outside, 'opened.yaml');
      await catalog.setOpenText(opened, `${api('opened', '$text', './secret.txt')}---\n${location('./catalog-info.yaml')}`);
      const problems = problemsOf(catalog, opened);
      assert.deepEqual(problems.map((p) => [p.line, p.code]), [[PLACEHOLDER_LINE, 'placeholder-unresolved'], [11 + targetLine(0), 'location-outside-workspace'], [15, 'location-failed']]);
      assert.match(problems[0].message, /this file is in no workspace folder, so it reads no other file/);
      assert.ok(!JSON.stringify(catalog.entities()).includes(SENTINEL));
      assert.ok(!catalog.entities().some((record) => /outsider/.test(record.ref)));
    });

    it('reads a file reached through a link loop once, and a folder linked inside the workspace once', async () => {
      create({ 'a/catalog-info.yaml': component('looped'), 'real/catalog-info.yaml': component('linked') });
      symlinkSync(workspace.path('a'), workspace.path('a/loop'));
      symlinkSync(workspace.path('real'), workspace.path('alias'));
      workspace.write('locations.yaml', location('./a/**/*.yaml', './a/loop/loop/catalog-info.yaml', './alias/catalog-info.yaml'));
      const catalog = new Catalog(new WorkspaceFiles([{ folder: workspace.root, include: ['locations.yaml'], exclude: [] }]));
      await catalog.load();
      const names = catalog.entities().map((r) => r.entity.metadata.name).sort();
      assert.deepEqual(names, ['linked', 'looped', 'root']);
      assert.deepEqual(catalog.entities().map((r) => r.path).sort(), [workspace.path('a/catalog-info.yaml'), workspace.path('locations.yaml'), workspace.path('real/catalog-info.yaml')]);
    });

    it('ends a file link loop with a problem', async () => {
      create({ 'catalog-info.yaml': location('./x.yaml') });
      symlinkSync(workspace.path('y.yaml'), workspace.path('x.yaml'));
      symlinkSync(workspace.path('x.yaml'), workspace.path('y.yaml'));
      const catalog = await workspace.catalog();
      assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name), ['root']);
      assert.ok([...catalog.problems().values()].flat().some((p) => p.code === 'file-unreadable' && /ELOOP/.test(p.message)));
    });
  });

  describe('globs', () => {
    it('refuses /**/*.yaml, ../** and a link to / at once', async () => {
      create({ 'catalog-info.yaml': location('/**/*.yaml', '../**', `../${outsideFromWorkspace}/**/*.yaml`, './rootlink/**', './rootlink/etc/*') });
      symlinkSync('/', workspace.path('rootlink'));
      const started = Date.now();
      const catalog = await workspace.catalog();
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      const problems = problemsOf(catalog, workspace.path('catalog-info.yaml'));
      assert.deepEqual(problems.map((p) => [p.line, p.code]), [...[0, 1, 2, 3, 4].map((n) => [targetLine(n), 'location-outside-workspace']), [4, 'location-failed']]);
      assert.match(problems[0].message, /it is outside the workspace folder/);
      assert.match(problems[3].message, /a symbolic link leads it outside the workspace folder/);
      assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name), ['root']);
      assertNothingFromOutside(catalog);
    });

    it('finds roots without walking a link to / or outside', async () => {
      create({ 'catalog-info.yaml': component('inside') });
      symlinkSync('/', workspace.path('rootlink'));
      symlinkSync(outside, workspace.path('outside-link'));
      const started = Date.now();
      const catalog = await workspace.catalog();
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name), ['inside']);
      assertNothingFromOutside(catalog);
    });

    it(`stops after ${MAX_GLOB_MATCHES} files and says so on the target's line`, async function () {
      // Reading ten thousand files takes a few seconds on a slow disk.
      this.timeout(15000);
      create({ 'catalog-info.yaml': location('./many/**/*.yaml') });
      // Hard links of one empty file: as many paths, without writing as many files.
      const seed = workspace.write('seed', '');
      for (let folder = 0; folder <= MAX_GLOB_MATCHES / 1000; folder++) {
        mkdirSync(workspace.path(`many/${folder}`), { recursive: true });
        for (let i = 0; i < 1000; i++) linkSync(seed, workspace.path(`many/${folder}/${i}.yaml`));
      }
      const catalog = await workspace.catalog();
      const problems = problemsOf(catalog, workspace.path('catalog-info.yaml'));
      assert.deepEqual(problems.map((p) => [p.line, p.code, p.severity]), [[targetLine(0), 'location-too-many-files', 'warning']]);
      assert.equal(problems[0].message, `Location target ./many/**/*.yaml matches more than ${MAX_GLOB_MATCHES} files; only the first ${MAX_GLOB_MATCHES} are read`);
      assert.equal(catalog.fileReads, MAX_GLOB_MATCHES + 1);
    });
  });

  describe('reads', () => {
    it('stops reading /proc/self/pagemap at the cap, though its size reads as 0', async function () {
      // /proc/self/pagemap exists on Linux only.
      if (process.platform !== 'linux') this.skip();
      const source = new WorkspaceFiles([{ folder: '/proc/self', include: [], exclude: [] }]);
      const before = process.memoryUsage().rss;
      const read = await source.readFile('/proc/self/pagemap');
      assert.equal(read.ok, false);
      assert.equal(!read.ok && read.reason, 'too-large');
      assert.match(!read.ok ? read.message : '', /^This file is over 10 MB/);
      assert.ok(process.memoryUsage().rss - before < 8 * MAX_CATALOG_FILE_BYTES, 'memory stays near the cap');
    });

    it('refuses /dev/zero without reading it', async function () {
      // Windows has no /dev/zero.
      if (process.platform === 'win32') this.skip();
      const source = new WorkspaceFiles([{ folder: '/dev', include: [], exclude: [] }]);
      const read = await source.readFile('/dev/zero');
      assert.deepEqual(read, { ok: false, reason: 'unreadable', message: '/dev/zero is not a regular file' });
    });

    it('reads nothing outside its workspace folders, whoever asks', async () => {
      create({ 'catalog-info.yaml': component('inside') });
      const source = new WorkspaceFiles([{ folder: workspace.root, include: [], exclude: [] }]);
      const read = await source.readFile(path.join(outside, 'secret.txt'));
      assert.equal(read.ok, false);
      assert.ok(!JSON.stringify(read).includes(SENTINEL));
      assert.deepEqual(await source.resolve(path.join(outside, 'catalog-info.yaml'), path.join(outside, 'secret.txt')), { ok: false, refusal: 'no-folder' });
    });
  });
});
