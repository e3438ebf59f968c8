import * as assert from 'node:assert/strict';
import { TempWorkspace } from '../unit/tempWorkspace';
import { caseText, corpusCatalog, CURSOR_CASES, FORMS, NAMESPACES, type Expected } from './cursorCorpus';
import { splitAtCursor } from './cursorMarker';
import { LspClient } from './lspClient';

interface Hover {
  contents: { value: string };
}
interface LocationLink {
  targetUri: string;
}
interface CompletionList {
  items: { label: string }[];
}

const cases = CURSOR_CASES.flatMap((cursorCase) => NAMESPACES.flatMap((namespace) => FORMS.map((form) => ({ cursorCase, namespace, form }))));

describe(`the cursor corpus over stdio: ${cases.length} cases of hover, definition and completion`, function () {
  this.timeout(120_000);
  let client: LspClient;
  let workspace: TempWorkspace;

  before(async () => {
    workspace = new TempWorkspace(corpusCatalog());
    client = new LspClient();
    await client.initialize(workspace.root, { include: ['catalog/*.yaml', 'drafts/**/*.yaml'] });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
  });
  after(async () => {
    await client.dispose();
    workspace.dispose();
  });

  cases.forEach(({ cursorCase, namespace, form }, index) => {
    it(`${cursorCase.name} · ${namespace} · ${form.name}`, async () => {
      const { text, position } = splitAtCursor(form.write(caseText(cursorCase, namespace, `draft-${index}`)));
      const uri = await client.open(workspace.path(`drafts/${index}/catalog-info.yaml`), text);
      const at = { textDocument: { uri }, position };
      const [hover, definition, completion] = await Promise.all([
        client.request<Hover | null>('textDocument/hover', at),
        client.request<LocationLink[] | null>('textDocument/definition', at),
        client.request<CompletionList | null>('textDocument/completion', at),
      ]);
      const expected: Expected = cursorCase.expect(namespace);
      const card = hover?.contents.value ?? null;
      if (expected.hover) assert.match(card ?? '', expected.hover, `hover: ${card}`);
      else assert.equal(card, null, 'hover');
      const targets = (definition ?? []).map((link) => link.targetUri.split('/').pop());
      assert.deepEqual(targets, expected.definition ? [expected.definition] : [], 'definition');
      const labels = completion?.items.map((item) => item.label) ?? [];
      if (expected.completion === null) assert.deepEqual(labels, [], 'completion');
      else if (expected.completion.startsWith('!')) assert.ok(!labels.includes(expected.completion.slice(1)), `completion offers ${expected.completion.slice(1)}: ${labels.join(', ')}`);
      else assert.ok(labels.includes(expected.completion), `completion lacks ${expected.completion}: ${labels.slice(0, 20).join(', ')}`);
    });
  });
});
