import * as assert from 'node:assert/strict';
import { pageOf, readBackstageDocsSearch } from '../../../../src/core/techdocs/backstageDocsSearch';

// Backstage's search answers are someone else's data: only a page of the entity's own published site is a hit, and
// only strings, cut to size, are shown.

const INVOICING = { namespace: 'default', kind: 'Component', name: 'invoicing' };

describe("Backstage's docs search answers", () => {
  it('names the published page and section a location leads to, inside the entity’s site only', () => {
    assert.deepEqual(pageOf('/docs/default/component/invoicing/', INVOICING), { page: 'index.html' });
    assert.deepEqual(pageOf('/docs/default/component/invoicing', INVOICING), { page: 'index.html' });
    assert.deepEqual(pageOf('/docs/default/component/invoicing/#invoices', INVOICING), { page: 'index.html', anchor: 'invoices' });
    assert.deepEqual(pageOf('/docs/Default/Component/Invoicing/guide/start/#run', INVOICING), { page: 'guide/start/index.html', anchor: 'run' }, 'without case, as the routes are');
    assert.deepEqual(pageOf('/docs/default/component/invoicing/guide/start', INVOICING), { page: 'guide/start/index.html' });
    assert.deepEqual(pageOf('/docs/default/component/invoicing/guide/page.html', INVOICING), { page: 'guide/page.html' });
    assert.deepEqual(pageOf('/docs/default/component/invoicing/guide/#a"b', INVOICING), { page: 'guide/index.html' }, 'a strange anchor is dropped, the page kept');
    for (const location of [
      '/docs/default/component/invoicingx/',
      '/docs/default/component/payments/',
      '/docs/default/component/invoicing/../payments/',
      '/docs/default/component/invoicing/a//b/',
      '/docs/default/component/invoicing/%2e%2e/x',
      '/docs/default/component/invoicing/a\\..\\b/',
      '/docs/default/component/invoicing/?x=1',
      'https://tracker.example/docs/default/component/invoicing/',
      '//tracker.example/docs/default/component/invoicing/',
      '/catalog/default/component/invoicing',
    ])
      assert.equal(pageOf(location, INVOICING), undefined, location);
  });

  it('keeps only techdocs results with string fields, cut and on one line, up to the limit', () => {
    const doc = (document: Record<string, unknown>) => ({ type: 'techdocs', document: { ...INVOICING, location: '/docs/default/component/invoicing/', ...document } });
    const hits = readBackstageDocsSearch(
      {
        results: [
          doc({ title: 'T'.repeat(5000), text: 'a\nb\u0000c\u202e d' }),
          doc({ title: ['not', 'a', 'string'], text: { x: 1 }, location: '/docs/default/component/invoicing/guide/' }),
          doc({ name: '../../etc', location: '/docs/default/component/../../etc/' }),
          doc({ name: 'x'.repeat(300), location: `/docs/default/component/${'x'.repeat(300)}/` }),
          doc({ location: 42 }),
          { type: 'software-catalog', document: { ...INVOICING, location: '/docs/default/component/invoicing/' } },
          'not an object',
          null,
          doc({ namespace: undefined, title: 'no namespace', location: '/docs/default/component/invoicing/other/' }),
          doc({ title: 'past the limit' }),
        ],
      },
      3,
    );
    assert.equal(hits.length, 3);
    assert.equal(hits[0].title.length, 200);
    assert.equal(hits[0].text, 'a b c d');
    assert.deepEqual([hits[1].title, hits[1].text, hits[1].page], ['guide/index.html', '', 'guide/index.html']);
    assert.deepEqual([hits[2].title, hits[2].namespace], ['no namespace', 'default']);
    for (const answer of [undefined, null, 'x', [], { results: 'x' }, { results: [{ type: 'techdocs' }] }]) assert.deepEqual(readBackstageDocsSearch(answer, 10), []);
  });
});
