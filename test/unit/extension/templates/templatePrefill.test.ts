import * as assert from 'node:assert/strict';
import type { TemplateForm } from '../../../../src/protocol/catalogProtocol';
import { prefilledPages } from '../../../../src/extension/templates/templatePrefill';

const form: TemplateForm = {
  ref: 'template:default/node-service',
  title: 'Node.js service',
  origin: 'workspace',
  unsupportedActions: [],
  steps: [],
  pages: [
    {
      title: 'About',
      schema: { type: 'object', properties: { name: { type: 'string' }, owner: { type: 'string' }, kind: { enum: ['service', 'library'] } }, dependencies: { kind: { oneOf: [{ properties: { kind: { const: 'service' }, port: { type: 'number' } } }] } } },
      uiSchema: { owner: { 'ui:field': 'OwnerPicker' } },
      validator: '',
    },
    {
      title: 'Repository',
      schema: { type: 'object', properties: { repoUrl: { type: 'string' }, token: { type: 'string' } } },
      uiSchema: { token: { 'ui:field': 'Secret' } },
      validator: '',
    },
  ],
};

describe("a template's form filled in from a link", () => {
  it('gives each page the values of its own fields, conditional ones included', () => {
    assert.deepEqual(prefilledPages(form, { name: 'payments', owner: 'group:default/team-a', kind: 'service', port: 8080, repoUrl: 'github.com?owner=acme&repo=payments' }), [
      { name: 'payments', owner: 'group:default/team-a', kind: 'service', port: 8080 },
      { repoUrl: 'github.com?owner=acme&repo=payments' },
    ]);
  });

  it('drops values the form does not ask for, and never fills in a secret', () => {
    const values = JSON.parse('{"name":"payments","token":"from-a-link","extra":"not asked","__proto__":{"polluted":true},"constructor":"x"}') as Record<string, unknown>;
    const pages = prefilledPages(form, values);
    assert.deepEqual(pages, [{ name: 'payments' }, {}]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
