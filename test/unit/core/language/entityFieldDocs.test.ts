import * as assert from 'node:assert/strict';
import { ANNOTATION_DOCS, annotationDoc } from '../../../../src/core/language/annotationDocs';
import { COMMON_VALUES, describeField, fieldsUnder, KIND_API_VERSIONS } from '../../../../src/core/language/entityFieldDocs';

const V1 = 'backstage.io/v1alpha1';
const TEMPLATE = 'scaffolder.backstage.io/v1beta3';
const keysUnder = (kind: string, apiVersion: string, parent: (string | number)[]) => fieldsUnder(kind, apiVersion, parent).map((f) => f.path.at(-1));

describe('entity field docs', () => {
  it('describes a field from the kind schema: what it is, an example, and whether it is required', () => {
    const owner = describeField('Component', V1, ['spec', 'owner']);
    assert.equal(owner?.title, 'spec.owner');
    assert.match(owner.description, /owner of the component/);
    assert.ok(owner.examples.includes('artist-relations-team'));
    assert.equal(owner.type, 'string');
    assert.equal(owner.required, true);
    assert.equal(describeField('Component', V1, ['spec', 'system'])?.required, false);
  });

  it('knows the envelope and metadata of every kind, from the shared entity schemas', () => {
    for (const [kind, [apiVersion]] of Object.entries(KIND_API_VERSIONS)) {
      assert.deepEqual(keysUnder(kind, apiVersion, []), ['apiVersion', 'kind', 'metadata', 'spec', 'relations', 'status'], kind);
      const metadata = fieldsUnder(kind, apiVersion, ['metadata']);
      for (const key of ['name', 'namespace', 'title', 'description', 'labels', 'annotations', 'tags', 'links']) {
        assert.ok(metadata.some((f) => f.path.at(-1) === key), `${kind} metadata.${key}`);
      }
      assert.equal(describeField(kind, apiVersion, ['metadata', 'name'])?.required, true, kind);
    }
    const namespace = describeField('System', V1, ['metadata', 'namespace']);
    assert.equal(namespace?.default, 'default');
    assert.ok(namespace.examples.length > 0);
  });

  it('says which root keys are required and which apiVersions and kind the schema accepts', () => {
    assert.deepEqual(
      fieldsUnder('API', V1, []).map((f) => [f.title, f.required]),
      [['apiVersion', true], ['kind', true], ['metadata', true], ['spec', true], ['relations', false], ['status', false]],
    );
    assert.deepEqual(describeField('API', V1, ['apiVersion'])?.enum, ['backstage.io/v1alpha1', 'backstage.io/v1beta1']);
    assert.deepEqual(describeField('API', V1, ['kind'])?.enum, ['API']);
    assert.deepEqual(describeField('Template', TEMPLATE, ['apiVersion'])?.enum, [TEMPLATE]);
  });

  it('lists the apiVersions of each built-in kind and the Template', () => {
    assert.deepEqual(KIND_API_VERSIONS.Component, ['backstage.io/v1alpha1', 'backstage.io/v1beta1']);
    assert.deepEqual(KIND_API_VERSIONS.Template, [TEMPLATE]);
    assert.deepEqual(Object.keys(KIND_API_VERSIONS).sort(), ['API', 'Component', 'Domain', 'Group', 'Location', 'Resource', 'System', 'Template', 'User']);
  });

  it("offers only the kind's own spec keys", () => {
    const api = keysUnder('API', V1, ['spec']);
    assert.ok(api.includes('definition'));
    assert.ok(!api.includes('subcomponentOf'));
    assert.equal(describeField('API', V1, ['spec', 'definition'])?.required, true);
    assert.ok(keysUnder('Component', V1, ['spec']).includes('subcomponentOf'));
    assert.ok(!keysUnder('Component', V1, ['spec']).includes('definition'));
    assert.equal(describeField('Component', V1, ['spec', 'definition']), undefined);
  });

  it("offers spec.dependencyOf, which Backstage reads but the kinds' schemas leave out", () => {
    for (const kind of ['Component', 'Resource']) assert.ok(keysUnder(kind, V1, ['spec']).includes('dependencyOf'), kind);
    assert.ok(!keysUnder('API', V1, ['spec']).includes('dependencyOf'));
  });

  it('offers the keys of nested objects', () => {
    assert.deepEqual(keysUnder('Group', V1, ['spec', 'profile']), ['displayName', 'email', 'picture']);
    assert.deepEqual(keysUnder('User', V1, ['spec', 'profile']), ['displayName', 'email', 'picture']);
    assert.match(describeField('Group', V1, ['spec', 'profile', 'email'])?.description ?? '', /email/i);
  });

  it('skips array indexes, and describes array items by their keys', () => {
    const targets = describeField('Location', V1, ['spec', 'targets', 0]);
    assert.equal(targets?.title, 'spec.targets');
    assert.equal(targets.type, 'array');
    assert.equal(targets.examples.length, 1, 'an array without examples gets one made of its items\' examples');
    assert.ok((targets.examples[0] as string[]).includes('./details/catalog-info.yaml'));
    assert.deepEqual(describeField('Group', V1, ['spec', 'children'])?.examples, [['backstage', 'other']]);
    assert.deepEqual(keysUnder('Component', V1, ['metadata', 'links', 0]), ['url', 'title', 'icon', 'type']);
    const url = describeField('Component', V1, ['metadata', 'links', 2, 'url']);
    assert.equal(url?.required, true);
    assert.ok(url.description.length > 0);
  });

  it('knows the Template kind: parameters, steps and output, and what a step holds', () => {
    const spec = keysUnder('Template', TEMPLATE, ['spec']);
    for (const key of ['type', 'owner', 'parameters', 'steps', 'output']) assert.ok(spec.includes(key), key);
    assert.deepEqual(
      fieldsUnder('Template', TEMPLATE, ['spec']).filter((f) => f.required).map((f) => f.title),
      ['spec.type', 'spec.steps'],
    );
    const action = describeField('Template', TEMPLATE, ['spec', 'steps', 0, 'action']);
    assert.equal(action?.required, true);
    assert.match(action.description, /action/);
    assert.equal(describeField('Template', TEMPLATE, ['spec', 'steps', 0, 'if'])?.type, 'string | boolean');
    const parameters = describeField('Template', TEMPLATE, ['spec', 'parameters']);
    assert.equal(parameters?.type, 'object | array');
    assert.match(parameters.description, /list of separate forms/);
    assert.deepEqual(keysUnder('Template', TEMPLATE, ['spec', 'output']), ['links', 'text']);
  });

  it('shows enumerated values and defaults', () => {
    const presence = describeField('Location', V1, ['spec', 'presence']);
    assert.deepEqual(presence?.enum, ['required', 'optional']);
    assert.equal(presence.default, 'required');
    assert.deepEqual(describeField('Component', V1, ['status', 'items', 0, 'level'])?.enum, ['info', 'warning', 'error']);
  });

  it('describes the kind itself at the empty path', () => {
    const group = describeField('Group', V1, []);
    assert.equal(group?.title, 'Group');
    assert.match(group.description, /group/i);
  });

  it('offers and describes the well-known annotations under metadata.annotations', () => {
    const annotations = fieldsUnder('Component', V1, ['metadata', 'annotations']);
    assert.equal(annotations.length, ANNOTATION_DOCS.length);
    const techdocs = describeField('Component', V1, ['metadata', 'annotations', 'backstage.io/techdocs-ref']);
    assert.deepEqual(techdocs?.path, ['metadata', 'annotations', 'backstage.io/techdocs-ref']);
    assert.match(techdocs.description, /TechDocs/);
    assert.deepEqual(techdocs.examples, ['dir:.']);
    assert.equal(describeField('Component', V1, ['metadata', 'annotations', 'acme.com/unknown']), undefined);
  });

  it('answers nothing, without throwing, for what the schemas do not know', () => {
    assert.equal(describeField('Widget', V1, ['spec', 'owner']), undefined);
    assert.deepEqual(fieldsUnder('Widget', V1, []), []);
    assert.deepEqual(fieldsUnder('Widget', V1, ['metadata', 'annotations']), []);
    assert.equal(describeField('component', V1, ['spec']), undefined, 'kinds are case-sensitive, as in Backstage');
    assert.equal(describeField('toString', V1, []), undefined);
    assert.equal(describeField('Component', 'my-company.net/v1', ['spec', 'owner']), undefined);
    assert.equal(describeField('Component', V1, ['spec', 'nope']), undefined);
    assert.equal(describeField('Component', V1, ['spec', 'owner', 'deeper']), undefined);
    assert.deepEqual(fieldsUnder('Component', V1, ['spec', 'owner']), []);
    assert.deepEqual(fieldsUnder('Component', V1, ['metadata', 'labels']), []);
  });

  it('still helps while apiVersion is not typed yet', () => {
    assert.equal(describeField('Component', '', ['spec', 'owner'])?.required, true);
    assert.ok(keysUnder('Component', '', ['spec']).includes('lifecycle'));
  });
});

describe('common values', () => {
  it("cover every example value the schema gives for the field, on a field the kind's schema has", () => {
    for (const { kind, path, values } of COMMON_VALUES) {
      const field = describeField(kind, KIND_API_VERSIONS[kind][0], path);
      assert.ok(field, `${kind} ${path.join('.')}`);
      const offered = values.map((v) => v.value);
      for (const example of field.examples) assert.ok(offered.includes(example as string), `${kind} ${field.title}: ${String(example)}`);
      for (const { description } of values) assert.ok(description.length > 0);
    }
  });

  it('include the lifecycles and the usual types', () => {
    const valuesOf = (kind: string, field: string) => COMMON_VALUES.find((c) => c.kind === kind && c.path.join('.') === field)?.values.map((v) => v.value);
    assert.deepEqual(valuesOf('Component', 'spec.lifecycle'), ['experimental', 'production', 'deprecated']);
    assert.deepEqual(valuesOf('API', 'spec.type'), ['openapi', 'asyncapi', 'graphql', 'grpc', 'trpc']);
    assert.deepEqual(valuesOf('Group', 'spec.type'), ['team', 'business-unit', 'product-area', 'root']);
    assert.deepEqual(valuesOf('Template', 'spec.type'), ['service', 'website', 'library', 'documentation']);
  });
});

describe('annotation docs', () => {
  it('document the well-known annotations, each with a description and an example', () => {
    const expected = [
      'backstage.io/managed-by-location', 'backstage.io/managed-by-origin-location', 'backstage.io/orphan', 'backstage.io/techdocs-ref',
      'backstage.io/techdocs-entity', 'backstage.io/view-url', 'backstage.io/edit-url', 'backstage.io/source-location',
      'backstage.io/source-template', 'backstage.io/linguist', 'github.com/project-slug', 'github.com/team-slug', 'github.com/user-login',
      'gitlab.com/project-id', 'gitlab.com/project-slug', 'jenkins.io/job-full-name', 'sonarqube.org/project-key',
      'pagerduty.com/integration-key', 'pagerduty.com/service-id', 'backstage.io/kubernetes-id', 'backstage.io/kubernetes-namespace',
      'backstage.io/kubernetes-label-selector', 'lighthouse.com/website-url', 'circleci.com/project-slug', 'dev.azure.com/project-repo',
      'graph.microsoft.com/user-id', 'graph.microsoft.com/group-id', 'sentry.io/project-slug', 'rollbar.com/project-slug',
      'backstage.io/code-coverage', 'backstage.io/ldap-dn', 'backstage.io/ldap-uuid', 'argocd/app-name', 'opsgenie.com/component-selector',
    ];
    for (const key of expected) {
      const doc = annotationDoc(key);
      assert.ok(doc, key);
      assert.ok(doc.description.length > 20 && doc.example.length > 0, key);
    }
    assert.equal(new Set(ANNOTATION_DOCS.map((d) => d.key)).size, ANNOTATION_DOCS.length, 'no key is listed twice');
  });

  it('know nothing of other keys', () => {
    assert.equal(annotationDoc('acme.com/anything'), undefined);
    assert.equal(annotationDoc('constructor'), undefined);
  });
});
