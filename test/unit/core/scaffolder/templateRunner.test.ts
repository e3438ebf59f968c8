import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTemplate, TemplateRunError, type TemplateSpec } from '../../../../src/core/scaffolder/templateRunner';
import { templateFolder } from '../../../../src/sources/templateFolder';

describe('running a template locally', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'greenroom-template-'));
    mkdirSync(path.join(root, 'skeleton/src'), { recursive: true });
    writeFileSync(path.join(root, 'skeleton/README.md'), '# ${{ values.name }}\n');
    writeFileSync(path.join(root, 'skeleton/src/old.txt'), 'old\n');
    writeFileSync(path.join(root, 'LICENSE'), 'Apache-2.0\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const run = (spec: TemplateSpec, parameters: Record<string, unknown> = { name: 'svc' }, actions = {}) =>
    runTemplate(spec, { parameters, source: templateFolder(root), actions });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => assert.fail('expected the run to fail'), (e: unknown) => e);
    assert.ok(error instanceof TemplateRunError, String(error));
    return error;
  };
  const text = (files: Map<string, Buffer>) => Object.fromEntries([...files].map(([file, contents]) => [file, contents.toString()]));

  it('runs steps in order: fetch, rename, delete, plain file, with step outputs and the rendered output', async () => {
    const published: unknown[] = [];
    const result = await run(
      {
        steps: [
          { id: 'fetch', action: 'fetch:template', input: { url: './skeleton', targetPath: './app', values: { name: '${{ parameters.name }}' } } },
          { id: 'rename', action: 'fs:rename', input: { files: [{ from: 'app/src/old.txt', to: 'app/src/new.txt' }] } },
          { id: 'license', action: 'fetch:plain:file', input: { url: './LICENSE', targetPath: 'app/LICENSE' } },
          { id: 'publish', action: 'publish:github', input: { repoUrl: 'github.com?owner=acme&repo=${{ parameters.name }}' } },
          { id: 'skipped', if: '${{ parameters.name === "other" }}', action: 'fs:delete', input: { files: ['app/README.md'] } },
        ],
        output: { links: [{ title: 'Repository', url: '${{ steps.publish.output.remoteUrl }}' }, { if: '${{ false }}', title: 'Hidden', url: 'x' }] },
      },
      { name: 'svc' },
      {
        'publish:github': ({ input }: { input: Record<string, unknown> }) => {
          published.push(input.repoUrl);
          return { remoteUrl: 'https://github.com/acme/svc' };
        },
      },
    );
    assert.deepEqual(text(result.files), { 'app/README.md': '# svc\n', 'app/src/new.txt': 'old\n', 'app/LICENSE': 'Apache-2.0\n' });
    assert.deepEqual(published, ['github.com?owner=acme&repo=svc'], 'the host action gets the rendered input');
    assert.deepEqual(result.output, { links: [{ title: 'Repository', url: 'https://github.com/acme/svc' }] });
    assert.deepEqual(result.steps.map((s) => `${s.id} ${s.status}`), ['fetch completed', 'rename completed', 'license completed', 'publish completed', 'skipped skipped']);
  });

  it('keeps executable files executable through fetch, rename and plain files, as Backstage keeps their mode', async () => {
    writeFileSync(path.join(root, 'skeleton/gradlew'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(root, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    const result = await run({
      steps: [
        { id: 'fetch', action: 'fetch:template', input: { url: './skeleton', values: {} } },
        { id: 'plain', action: 'fetch:plain', input: { url: './skeleton', targetPath: 'copy' } },
        { id: 'file', action: 'fetch:plain:file', input: { url: './run.sh', targetPath: 'bin/run.sh' } },
        { id: 'rename', action: 'fs:rename', input: { files: [{ from: 'gradlew', to: 'tools/gradlew' }] } },
        { id: 'delete', action: 'fs:delete', input: { files: ['copy/gradlew'] } },
      ],
    });
    assert.deepEqual([...result.files.executable].sort(), ['bin/run.sh', 'tools/gradlew']);
    assert.ok(result.files.has('README.md') && !result.files.executable.has('README.md'));
  });

  it('says which step uses an action it cannot run locally', async () => {
    const error = await failure(run({ steps: [{ id: 'publish', name: 'Publish', action: 'publish:gitlab', input: {} }] }));
    assert.equal(error.stepId, 'publish');
    assert.match(error.message, /Step Publish uses the action publish:gitlab, which Greenroom cannot run locally; run the template on a Backstage scaffolder instead/);
  });

  it('refuses paths that leave the workspace or the template folder', async () => {
    for (const input of [{ url: './skeleton', targetPath: '../outside' }, { url: '../', targetPath: 'x' }, { url: 'https://example.com/skeleton' }]) {
      const error = await failure(run({ steps: [{ id: 'fetch', action: 'fetch:template', input }] }));
      assert.match(error.message, /leaves the target directory|leaves the template's folder|not in the template's folder/, JSON.stringify(input));
    }
    const absolute = await failure(run({ steps: [{ id: 'file', action: 'fetch:plain:file', input: { url: './LICENSE', targetPath: '/etc/LICENSE' } }] }));
    assert.match(absolute.message, /not a relative POSIX path/);
  });

  it('refuses a skeleton that holds a symbolic link', async () => {
    symlinkSync('/etc/hostname', path.join(root, 'skeleton/src/link'));
    const error = await failure(run({ steps: [{ id: 'fetch', action: 'fetch:template', input: { url: './skeleton' } }] }));
    assert.match(error.message, /src\/link is a symbolic link; templates may not contain links/);
  });

  it('refuses a folder reached through a link to outside the template', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'greenroom-outside-'));
    try {
      mkdirSync(path.join(outside, 'skeleton'));
      writeFileSync(path.join(outside, 'skeleton', 'secret.txt'), 'not the template\'s\n');
      symlinkSync(outside, path.join(root, 'vendor'));
      const error = await failure(run({ steps: [{ id: 'fetch', action: 'fetch:template', input: { url: './vendor/skeleton' } }] }));
      assert.match(error.message, /leaves the template's folder/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('does not rename onto an existing file unless told to overwrite', async () => {
    const steps: TemplateSpec['steps'] = [
      { id: 'fetch', action: 'fetch:template', input: { url: './skeleton' } },
      { id: 'rename', action: 'fs:rename', input: { files: [{ from: 'src/old.txt', to: 'README.md' }] } },
    ];
    assert.match((await failure(run({ steps }))).message, /README\.md already exists \(set overwrite: true to replace it\)/);
    steps[1].input = { files: [{ from: 'src/old.txt', to: 'README.md', overwrite: true }] };
    assert.deepEqual(text((await run({ steps })).files), { 'README.md': 'old\n' });
  });
});
