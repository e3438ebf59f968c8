import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pageSections, renderPage } from '../../../../src/core/techdocs/markdownPage';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/techdocs');
const pages = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.md'))
  .map((file) => ({ file, text: readFileSync(path.join(FIXTURES, file), 'utf8') }));

describe('a TechDocs page rendered', () => {
  it('gives the same HTML whether or not the page writes an attribute list (which selects the slower renderer)', () => {
    // Every fixture page without its attribute lists, then with one paragraph that has one put in front.
    let compared = 0;
    for (const { file, text } of pages) {
      if (text.startsWith('---')) continue;
      const plain = text.replace(/\{[ \t]*[:#.\w][^}\n]*\}/g, '');
      const without = renderPage(file, plain).html;
      assert.equal(renderPage(file, `A note. {.note}\n\n${plain}`).html, `<p class="note">A note.</p>\n${without}`, file);
      compared++;
    }
    assert.ok(compared >= 15, `fixture pages compared: ${compared}`);
  });

  it("keeps an attribute list's id and class, and nothing else it names", () => {
    const { html, headings } = renderPage('x.md', '# Title\n\n## Setup {: #custom-setup .wide onclick="x()" }\n\nText {style="color:red"}\n');
    assert.deepEqual(headings.map((heading) => heading.id), ['title', 'custom-setup']);
    assert.match(html, /<h2 id="custom-setup" class="wide">/);
    assert.doesNotMatch(html, /onclick|style=/);
  });

  it('splits a page into its sections for search, with their headings and words, code included', () => {
    const { title, sections } = pageSections('guide.md', '---\ntitle: Guide\n---\n# Guide\n\nIntro *text*.\n\n## Install\n\nRun:\n\n```sh\nnpm ci\n```\n\n### On Windows\n\nUse `npm.cmd`.\n');
    assert.equal(title, 'Guide');
    assert.deepEqual(sections, [
      { heading: undefined, text: 'Intro text.' },
      { heading: { text: 'Install', id: 'install' }, text: 'Run: npm ci' },
      { heading: { text: 'On Windows', id: 'on-windows' }, text: 'Use npm.cmd.' },
    ]);
  });
});
