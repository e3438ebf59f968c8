import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cursorInText } from './cursorMarker';
import { LspClient } from './lspClient';

/** 300 groups, written in no order, names of mixed case: more than one page of ref completion. */
const NAMES = Array.from({ length: 300 }, (_, i) => `${i % 3 === 0 ? 'Team' : 'team'}-${String((i * 7919) % 300).padStart(3, '0')}`);

describe('ref completion in a catalog with more owners than one page holds', () => {
  let folder: string;
  let client: LspClient;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'greenroom-ref-page-'));
    writeFileSync(
      path.join(folder, 'groups.yaml'),
      NAMES.map((name) => `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: ${name}\nspec:\n  type: team\n  children: []\n`).join('---\n'),
    );
    client = new LspClient();
    await client.initialize(folder, { include: ['groups.yaml'] });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
  });
  after(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  async function complete(typed: string): Promise<{ isIncomplete: boolean; items: { label: string; sortText?: string }[] }> {
    const marked = `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: draft\nspec:\n  type: service\n  lifecycle: production\n  owner: ${typed}|\n`;
    const uri = await client.open(path.join(folder, 'draft', 'catalog-info.yaml'), marked.replace('|', ''), typed.length + 1);
    return client.request('textDocument/completion', { textDocument: { uri }, position: cursorInText(marked, `owner: ${typed}|`) });
  }

  it('offers the first 200 owners by name, in the order VS Code shows them, and says the list narrows as one types', async () => {
    const { isIncomplete, items } = await complete('');
    assert.equal(isIncomplete, true);
    const sorted = [...NAMES].sort((a, b) => a.localeCompare(b));
    assert.deepEqual(
      items.map((item) => item.label),
      sorted.slice(0, 200),
    );
    const bySortText = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepEqual(bySortText, items);
  });

  it('offers only the owners whose names start with what was typed, by name, when they fit one page', async () => {
    const { isIncomplete, items } = await complete('team-01');
    assert.equal(isIncomplete, false);
    const starting = NAMES.filter((name) => name.toLowerCase().startsWith('team-01')).sort((a, b) => a.localeCompare(b));
    assert.deepEqual(
      items.map((item) => item.label),
      starting,
    );
  });
});
