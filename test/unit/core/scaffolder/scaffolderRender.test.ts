import * as assert from 'node:assert/strict';
import { renderSkeleton, type SkeletonFiles } from '../../../../src/core/scaffolder/skeletonRenderer';
import { renderTemplateString, renderTemplateValue } from '../../../../src/core/scaffolder/templateRenderer';

/** A skeleton held in memory: path to contents. */
function skeleton(contents: Record<string, string | Buffer>): SkeletonFiles {
  return {
    list: (dir) => [...new Set(Object.keys(contents).filter((p) => p.startsWith(dir)).map((p) => p.slice(dir.length).replace(/\/.*/, '/')))],
    read: (file) => Buffer.from(contents[file]),
    executable: (file) => file.endsWith('.sh'),
  };
}
const text = (files: Map<string, Buffer>) => Object.fromEntries([...files].map(([p, b]) => [p, b.toString('utf8')]));

describe('scaffolder template rendering', () => {
  const context = { parameters: { name: 'svc', port: 8080, tags: ['a'], repoUrl: 'github.com?owner=o&repo=r', owner: 'team-a' } };

  it('keeps the type of a string that is one expression', () => {
    assert.equal(renderTemplateString('${{ parameters.port }}', context), 8080);
    assert.deepEqual(renderTemplateString('${{ parameters.tags }}', context), ['a']);
    assert.equal(renderTemplateString('${{ parameters.port }}/x', context), '8080/x');
    assert.equal(renderTemplateString('${{ parameters.port }}${{ parameters.name }}', context), '8080svc');
    assert.equal(renderTemplateString(' ${{ parameters.port }}', context), ' 8080');
    assert.equal(renderTemplateString('${{ parameters.missing }}', context), undefined);
  });

  it('has the scaffolder filters', () => {
    // The engine copies a filter's result as data: parts the URL does not name are left out.
    assert.deepEqual(renderTemplateString('${{ parameters.repoUrl | parseRepoUrl }}', context), { host: 'github.com', owner: 'o', repo: 'r' });
    assert.equal(renderTemplateString('${{ parameters.repoUrl | projectSlug }}', context), 'o/r');
    assert.equal(renderTemplateString('${{ (parameters.repoUrl | parseRepoUrl).owner }}', context), 'o');
    assert.deepEqual(renderTemplateString('${{ parameters.owner | parseEntityRef({ defaultKind: "group", defaultNamespace: "ns" }) }}', context), {
      kind: 'group', namespace: 'ns', name: 'team-a',
    });
    assert.equal(renderTemplateString('${{ "user:x/y" | parseEntityRef | pick("namespace") }}', context), 'x');
    assert.equal(renderTemplateString('${{ parameters | dump }}', { parameters: { a: 1 } }), '{"a":1}');
    assert.throws(() => renderTemplateString('${{ "github.com?repo=r" | parseRepoUrl }}', context), /missing owner/);
    assert.throws(() => renderTemplateString('${{ "gitlab.com?owner=o" | parseRepoUrl }}', context), /missing repo/);
  });

  it('does not escape HTML and leaves {{ }} alone outside cookiecutter mode', () => {
    assert.equal(renderTemplateString('<${{ "&" }}> {{ x }}', context), '<&> {{ x }}');
    assert.equal(renderTemplateString('{{ parameters.name | jsonify }}', context, { cookiecutterCompat: true }), '"svc"');
  });

  it('renders step inputs, keeping strings that fail', () => {
    assert.deepEqual(renderTemplateValue({ values: { port: '${{ parameters.port }}', bad: '${{ ( }}' }, n: 1 }, context), {
      values: { port: 8080, bad: '${{ ( }}' }, n: 1,
    });
  });

  it('renders a skeleton: names, contents, copied and binary files', async () => {
    const binary = Buffer.from([0x89, 0x50, 0x00, 0x24, 0x7b, 0x7b]);
    const out = await renderSkeleton(
      skeleton({
        '${{ values.name }}/README.md': '# ${{ values.name }}\n',
        'raw/ci.yml': 'run: ${{ github.sha }}\n',
        'logo.png': binary,
        '${{ values.missing }}/skipped.txt': 'x',
        '${{ "" }}': 'x',
      }),
      { values: { name: 'svc' }, copyWithoutTemplating: ['raw/**'] },
    );
    assert.deepEqual([...out.keys()].sort(), ['logo.png', 'raw/ci.yml', 'svc/README.md']);
    assert.deepEqual(text(out)['svc/README.md'], '# svc\n');
    assert.deepEqual(text(out)['raw/ci.yml'], 'run: ${{ github.sha }}\n');
    assert.ok(out.get('logo.png')!.equals(binary));
  });

  it('renders only files with the template extension when one is set', async () => {
    const out = await renderSkeleton(skeleton({ 'a.txt.njk': '${{ values.x }}', 'b.txt': '${{ values.x }}' }), { values: { x: 1 }, templateFileExtension: true });
    assert.deepEqual(text(out), { 'a.txt': '1', 'b.txt': '${{ values.x }}' });
    await assert.rejects(renderSkeleton(skeleton({}), { values: {}, templateFileExtension: 'njk', cookiecutterCompat: true }));
  });

  it('exposes values as cookiecutter in cookiecutter mode', async () => {
    const out = await renderSkeleton(skeleton({ '{{ cookiecutter.name }}.md': '{{ cookiecutter.name }} ${{ x }}' }), { values: { name: 'n' }, cookiecutterCompat: true });
    assert.deepEqual(text(out), { 'n.md': 'n $' });
  });

  it('refuses output paths outside the target directory', async () => {
    await assert.rejects(renderSkeleton(skeleton({ '${{ values.p }}': 'x' }), { values: { p: '../x' } }), /leaves the target/);
    assert.deepEqual([...(await renderSkeleton(skeleton({ '${{ values.p }}': 'x' }), { values: { p: '/etc/x' } })).keys()], []);
    assert.deepEqual([...(await renderSkeleton(skeleton({ '${{ values.p }}': 'x' }), { values: { p: 'a/../b' } })).keys()], ['b']);
  });
});
