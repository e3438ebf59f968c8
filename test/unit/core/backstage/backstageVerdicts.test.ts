import * as assert from 'node:assert/strict';
import type { Entity } from '@backstage/catalog-model';
import { remoteCatalogFile } from '../../../../src/core/backstage/remoteCatalog';
import { entityFingerprint, locationKey, processingErrors } from '../../../../src/core/backstage/backstageVerdicts';
import { component, TempWorkspace } from '../../tempWorkspace';

const INSTANCE = { baseUrl: 'https://backstage.example.com', appUrl: 'https://backstage.example.com' };
const READ_AT = '2026-12-01T09:30:00.000Z';

function errorItem(message: string) {
  return { type: 'backstage.io/catalog-processing', level: 'error', message, error: { name: 'InputError', message } };
}

function remote(kind: string, name: string, spec: Entity['spec'], extra: { items?: unknown[]; managedBy?: string } = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations: extra.managedBy ? { 'backstage.io/managed-by-location': extra.managedBy } : {} },
    spec,
    ...(extra.items ? { status: { items: extra.items } } : {}),
  };
}

describe("Backstage's verdicts on workspace files", () => {
  let workspace: TempWorkspace;
  afterEach(() => workspace.dispose());

  it("puts the processing errors of Backstage's copy on the workspace entity's name, in Backstage's words and time", async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('checkout') });
    const catalog = await workspace.catalog();
    const file = workspace.path('catalog-info.yaml');
    const copy = remote('Component', 'checkout', { type: 'service', lifecycle: 'production', owner: 'team-a' }, { items: [errorItem('InputError: spec.owner is not a group'), { level: 'warning', message: 'only a warning' }] });
    await catalog.setRemote(INSTANCE.baseUrl, remoteCatalogFile(INSTANCE, [copy], undefined, READ_AT));

    const problems = (catalog.problems().get(file) ?? []).filter((p) => p.code === 'backstage-processing-error');
    assert.equal(problems.length, 1, 'errors only, not warnings');
    assert.equal(problems[0].severity, 'error');
    assert.deepEqual(problems[0].range, catalog.entity('component:default/checkout')!.selectionRange);
    assert.equal(
      problems[0].message,
      'Backstage at https://backstage.example.com could not process component:default/checkout and serves the version it processed last (as read 2026-12-01 09:30 UTC): InputError: spec.owner is not a group',
    );

    // Backstage's next processing succeeds: its copy has no error items, and the problem goes.
    await catalog.setRemote(INSTANCE.baseUrl, remoteCatalogFile(INSTANCE, [{ ...copy, status: undefined } as Entity]));
    assert.deepEqual((catalog.problems().get(file) ?? []).filter((p) => p.code.startsWith('backstage-')), []);
  });

  it("puts a registered location's errors on the top of the file it reads", async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('checkout') });
    const catalog = await workspace.catalog();
    const file = workspace.path('catalog-info.yaml');
    const location = remote('Location', 'generated-1', { type: 'file', target: file }, { items: [errorItem('Error: YAML error at line 3')] });
    const other = remote('Location', 'generated-2', { type: 'file', target: `${file}.other` }, { items: [errorItem('Error: not this file')] });
    await catalog.setRemote(INSTANCE.baseUrl, remoteCatalogFile(INSTANCE, [location, other], undefined, READ_AT));
    const problems = (catalog.problems().get(file) ?? []).filter((p) => p.code === 'backstage-location-error');
    assert.deepEqual(
      problems.map((p) => [p.range.start.line, p.message]),
      [[0, 'Backstage at https://backstage.example.com could not read this file through its location location:default/generated-1 (as read 2026-12-01 09:30 UTC): Error: YAML error at line 3']],
    );
  });

  it('shows the errors of a Location the workspace defines on that Location, not on the top of the file', async () => {
    const text = `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: generated-1\nspec:\n  type: file\n  targets: [./a.yaml]\n`;
    workspace = new TempWorkspace({ 'catalog-info.yaml': text, 'a.yaml': component('a') });
    const catalog = await workspace.catalog();
    const file = workspace.path('catalog-info.yaml');
    const location = remote('Location', 'generated-1', { type: 'file', target: file }, { items: [errorItem('Error: YAML error at line 3')] });
    await catalog.setRemote(INSTANCE.baseUrl, remoteCatalogFile(INSTANCE, [location], undefined, READ_AT));
    const problems = (catalog.problems().get(file) ?? []).filter((p) => p.code.startsWith('backstage-'));
    assert.deepEqual(problems.map((p) => [p.code, p.range.start.line]), [['backstage-processing-error', 3]]);
  });

  it('asks validate-entity only about accepted entities of files Backstage reads that it does not have, and shows a refusal only for the version asked', async () => {
    const text = `${component('checkout')}---\n${component('payments')}---\n${component('Bad Name!')}`;
    workspace = new TempWorkspace({ 'catalog-info.yaml': text, 'elsewhere/catalog-info.yaml': component('unread') });
    const catalog = await workspace.catalog();
    const file = workspace.path('catalog-info.yaml');
    assert.deepEqual(catalog.backstageQuestions(), [], 'nothing to ask while no Backstage is connected');

    // Backstage has checkout, read from this file (its managed-by-location), but not payments.
    const copy = remote('Component', 'checkout', { type: 'service', lifecycle: 'production', owner: 'team-a' }, { managedBy: `file:${file}` });
    await catalog.setRemote(INSTANCE.baseUrl, remoteCatalogFile(INSTANCE, [copy]));
    const questions = catalog.backstageQuestions();
    assert.deepEqual(questions.map((q) => [q.ref, q.locationRef.startsWith('url:file://')]), [['component:default/payments', true]], 'not the copy Backstage has, not the one Backstage refuses by its own rules, nothing of a file Backstage does not read');

    const [question] = questions;
    await catalog.setBackstageRejections([{ baseUrl: INSTANCE.baseUrl, path: file, key: question.key, fingerprint: question.fingerprint, errors: ['InputError: payments is retired\u0007'], at: READ_AT }]);
    const refused = (catalog.problems().get(file) ?? []).filter((p) => p.code === 'backstage-rejects');
    assert.equal(refused.length, 1);
    assert.match(refused[0].message, /^Backstage at https:\/\/backstage\.example\.com does not have component:default\/payments, and its validate-entity endpoint rejects it \(2026-12-01 09:30 UTC\): InputError: payments is retired/);

    // An answer about another version of the entity is not shown.
    await catalog.setBackstageRejections([{ baseUrl: INSTANCE.baseUrl, path: file, key: question.key, fingerprint: 'an older version', errors: ['InputError: payments is retired'], at: READ_AT }]);
    assert.deepEqual((catalog.problems().get(file) ?? []).filter((p) => p.code === 'backstage-rejects'), []);
    assert.equal(question.fingerprint, entityFingerprint(catalog.entity('component:default/payments')!.entity));
  });

  it("matches a url location to a clone's file whatever branch it names, and asks with Backstage's own ref", async () => {
    for (const url of [
      'url:https://github.com/acme/payments/blob/main/services/catalog-info.yaml',
      'url:https://github.com/acme/payments/tree/release/services/catalog-info.yaml',
      'url:https://gitlab.com/Acme/payments/-/blob/main/services/catalog-info.yaml',
      'url:https://bitbucket.org/acme/payments/src/main/services/catalog-info.yaml',
    ]) {
      assert.equal(locationKey(url).replace('gitlab.com', 'github.com').replace('bitbucket.org', 'github.com'), 'repo:github.com/acme/payments:services/catalog-info.yaml', url);
    }
    assert.equal(locationKey('url:https://example.com/catalog-info.yaml'), 'url:https://example.com/catalog-info.yaml', 'not a repository URL: kept as written');

    workspace = new TempWorkspace({ 'services/catalog-info.yaml': `${component('checkout')}---\n${component('payments')}` });
    const file = workspace.path('services/catalog-info.yaml');
    const catalog = await workspace.catalog({ locationRefsOf: (path) => [`file:${path}`, `repo:github.com/acme/payments:${path.slice(workspace.path('').length).replace(/^\//, '')}`] });
    const written = 'https://github.com/acme/payments/blob/main/services/catalog-info.yaml';
    const location = remote('Location', 'generated-1', { type: 'url', target: written }, { items: [errorItem('NotFoundError: Unable to read url')] });
    const copy = remote('Component', 'checkout', { type: 'service', lifecycle: 'production', owner: 'team-a' }, { managedBy: `url:${written}` });
    await catalog.setRemote(INSTANCE.baseUrl, remoteCatalogFile(INSTANCE, [location, copy], undefined, READ_AT));
    assert.deepEqual((catalog.problems().get(file) ?? []).filter((p) => p.code === 'backstage-location-error').map((p) => p.message.replace(/ \(as read .*\)/, '')), [
      'Backstage at https://backstage.example.com could not read this file through its location location:default/generated-1: NotFoundError: Unable to read url',
    ]);
    assert.deepEqual(catalog.backstageQuestions().map((q) => [q.ref, q.locationRef]), [['component:default/payments', `url:${written}`]]);
  });

  it("reads Backstage's status items as untrusted text: errors only, one line, bounded", () => {
    const entity = remote('Component', 'x', {}, { items: [errorItem(`line one\nline two\u001b[31m${'x'.repeat(5000)}`), { level: 'error', message: { not: 'text' } }, 'junk', null] });
    const [first, second, ...rest] = processingErrors(entity);
    assert.deepEqual(rest, []);
    assert.doesNotMatch(first, /[\n\u001b]/);
    assert.ok(first.length <= 1001);
    assert.equal(second, '{"not":"text"}');
  });
});
