import * as assert from 'node:assert/strict';
import { readPublishedMetadata, readPublishedPage, siteTarget } from '../../../../src/core/techdocs/publishedSite';

// Pages Backstage's TechDocs publishes are someone else's HTML: names become site files only when they stay in the
// site, and nav titles are text.

describe('published TechDocs sites', () => {
  it('resolves links as a browser would, never above the site or to another scheme', () => {
    assert.deepEqual(siteTarget('guide/start/index.html', '../../#invoices'), { file: 'index.html', anchor: 'invoices' });
    assert.deepEqual(siteTarget('index.html', 'guide/start/'), { file: 'guide/start/index.html', anchor: undefined });
    assert.deepEqual(siteTarget('index.html', '../../../etc/passwd'), { file: 'etc/passwd', anchor: undefined }, 'clamped to the site, as a URL is');
    for (const href of ['javascript:alert(1)', 'https://tracker.invalid/x.png', '//tracker.invalid/x.png', 'data:image/png;base64,AA', 'a%5c..%5cb.png']) assert.equal(siteTarget('index.html', href), undefined, href);
  });

  it('keeps only HTML pages of the site from techdocs_metadata.json', () => {
    const metadata = readPublishedMetadata(JSON.stringify({ site_name: 'Docs', files: ['index.html', '404.html', '../outside.html', 'a//b.html', 'img.png', 7, 'guide/index.html'] }));
    assert.deepEqual(metadata, { siteName: 'Docs', pages: ['index.html', 'guide/index.html'] });
    assert.deepEqual(readPublishedMetadata('{"site_name": {"x": 1}}'), { siteName: '', pages: [] });
    assert.throws(() => readPublishedMetadata('<html>'), /not JSON/);
  });

  it("reads Material's nav as text, and a page's article without what would run", () => {
    const page = readPublishedPage(
      'index.html',
      `<html><head><title>Home - Docs</title><script src="x.js"></script></head><body>
      <nav class="md-nav md-nav--primary"><ul class="md-nav__list">
        <li class="md-nav__item"><a class="md-nav__link" href="./">&lt;img src=x onerror=alert(1)&gt;</a></li>
        <li class="md-nav__item"><a class="md-nav__link" href="javascript:alert(1)">Evil</a></li>
        <li class="md-nav__item"><a class="md-nav__link" href="https://status.example.com">Status</a></li>
        <li class="md-nav__item md-nav__item--nested"><label class="md-nav__link">Guide <span class="md-nav__icon"></span></label>
          <nav class="md-nav"><ul class="md-nav__list"><li class="md-nav__item"><a class="md-nav__link" href="guide/">Start</a></li></ul></nav></li>
      </ul></nav>
      <article class="md-content__inner md-typeset"><a class="md-content__button" href="https://repo">Edit</a>
        <h1 id="home">Home<a class="headerlink" href="#home">¶</a></h1>
        <p onclick="alert(1)" style="color:red">Text <a href=" javascript:alert(1)">x</a></p><img src="a.png"><img src="https://tracker.invalid/p.png">
        <script>alert(1)</script><iframe src="https://tracker.invalid"></iframe><svg><script>alert(1)</script></svg>
        <noembed>&lt;img src=x onerror=alert(1)&gt;</noembed><xmp>&lt;img src=x onerror=alert(1)&gt;</xmp><noframes>&lt;b onmouseover=alert(1)&gt;</noframes>
      </article></body></html>`,
    );
    assert.deepEqual(page.nav, [
      { title: '<img src=x onerror=alert(1)>', page: 'index.html' },
      { title: 'Status', url: 'https://status.example.com' },
      { title: 'Guide', children: [{ title: 'Start', page: 'guide/index.html' }] },
    ]);
    assert.equal(page.title, 'Home');
    assert.deepEqual(page.headings, [{ level: 1, text: 'Home', id: 'home' }]);
    assert.deepEqual(page.images, [{ src: 'a.png', file: 'a.png' }]);
    for (const pattern of [/<script/, /\bon[a-z]+=/i, /style=/, /javascript:/, /<iframe/, /<svg/, /<img src="?x/, /md-content__button/]) assert.doesNotMatch(page.html, pattern);
    assert.match(page.html, /<p>Text <a>x<\/a><\/p>/);
  });
});
