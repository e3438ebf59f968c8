import * as assert from 'node:assert/strict';
import type { Entity } from '@backstage/catalog-model';
import { deriveToolLinks } from '../../../../src/core/catalog/toolLinks';

const entity = (annotations: Record<string, string>, links: Entity['metadata']['links'] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations, links },
  spec: {},
});

describe('tool links', () => {
  it('derives links from the well-known annotations, after metadata.links', () => {
    const links = deriveToolLinks(
      entity(
        {
          'github.com/project-slug': 'acme/payments',
          'backstage.io/source-location': 'url:https://github.com/acme/payments/tree/main/',
          'backstage.io/view-url': 'https://github.com/acme/payments/blob/main/catalog-info.yaml',
          'backstage.io/edit-url': 'https://github.com/acme/payments/edit/main/catalog-info.yaml',
          'backstage.io/techdocs-ref': 'dir:.',
        },
        [{ url: 'https://grafana.example.com/d/payments', title: 'Dashboard', icon: 'dashboard' }],
      ),
      '/repo/payments/catalog-info.yaml',
    );
    assert.deepEqual(
      links.map((l) => [l.title, l.url, l.origin]),
      [
        ['Dashboard', 'https://grafana.example.com/d/payments', 'metadata.links'],
        ['Repository', 'https://github.com/acme/payments', 'github.com/project-slug'],
        ['Source', 'https://github.com/acme/payments/tree/main/', 'backstage.io/source-location'],
        ['View Source', 'https://github.com/acme/payments/blob/main/catalog-info.yaml', 'backstage.io/view-url'],
        ['Edit Source', 'https://github.com/acme/payments/edit/main/catalog-info.yaml', 'backstage.io/edit-url'],
        ['TechDocs', 'file:///repo/payments', 'backstage.io/techdocs-ref'],
      ],
    );
  });

  it('ignores annotation values that are not links, and does not repeat a URL', () => {
    const links = deriveToolLinks(
      entity({ 'github.com/project-slug': 'not a slug', 'backstage.io/view-url': 'javascript:alert(1)', 'backstage.io/source-location': 'url:https://a.example/x' }, [{ url: 'https://a.example/x', title: 'Code' }]),
    );
    assert.deepEqual(links.map((l) => l.title), ['Code']);
  });
});
