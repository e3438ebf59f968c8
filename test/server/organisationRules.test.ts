import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspClient } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/rules');

describe("the organisation's rules over stdio", function () {
  this.timeout(120_000);
  let client: LspClient;
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'greenroom-rules-'));
    cpSync(FIXTURE, root, { recursive: true });
  });
  afterEach(async () => {
    await client.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows each failure as a diagnostic with a quick fix, and follows the rules file as it is typed', async () => {
    client = new LspClient();
    await client.initialize(root);
    const ledger = path.join(root, 'services/payments/catalog-info.yaml');
    const ruleIds = () => (client.diagnostics.get(ledger) ?? []).filter((d) => d.code === 'organisation-rule').map((d) => /organisation rule ([\w-]+)/.exec(d.message)![1]).sort();
    await client.waitFor(() => ruleIds().includes('production-has-techdocs'), 'the techdocs rule on the ledger');
    assert.deepEqual(ruleIds(), ['owner-is-group', 'payments-are-pci', 'production-has-techdocs', 'system-has-domain', 'team-naming']);

    const text = readFileSync(ledger, 'utf8');
    const uri = await client.open(ledger, text);
    const techdocs = client.diagnostics.get(ledger)!.find((d) => d.message.includes('production-has-techdocs'))!;
    assert.equal(techdocs.severity, 2);
    const actions = await client.request<{ title: string; edit: { changes: Record<string, { range: { start: { line: number; character: number } }; newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: techdocs.range,
      context: { diagnostics: [techdocs] },
    });
    assert.deepEqual(actions.map((action) => action.title), ['Add annotation backstage.io/techdocs-ref']);
    const [edit] = actions[0].edit.changes[uri];
    // Applied as the editor would: the new annotation is the first under annotations:, at its indentation.
    const lines = text.split('\n');
    lines[edit.range.start.line] = lines[edit.range.start.line].slice(0, edit.range.start.character) + edit.newText + lines[edit.range.start.line].slice(edit.range.start.character);
    const fixed = lines.join('\n');
    assert.match(fixed, /\n {2}annotations:\n {4}backstage\.io\/techdocs-ref: dir:\.\n {4}github\.com\/project-slug: acme\/ledger\n/);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    await client.waitFor(() => !ruleIds().includes('production-has-techdocs'), 'the fixed rule to pass');

    // Typing in the rules file: a rule removed stops applying, a broken rule is a problem on its line.
    const rulesPath = path.join(root, '.greenroom/rules.yaml');
    const rules = readFileSync(rulesPath, 'utf8');
    const rulesUri = await client.open(rulesPath, rules);
    const edited = rules.replace('require: { field: spec.owner, refKind: group }', 'require: { field: spec.owner, refKind: group, tag: x }').replace(/ {2}- id: payments-are-pci[\s\S]*$/, '');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: rulesUri, version: 2 }, contentChanges: [{ text: edited }] });
    const rulesProblems = () => (client.diagnostics.get(rulesPath) ?? []).filter((d) => d.code === 'rules-file-invalid');
    await client.waitFor(() => !ruleIds().includes('payments-are-pci') && !ruleIds().includes('owner-is-group') && rulesProblems().length > 0, 'the edited rules');
    const [problem] = rulesProblems();
    assert.equal(problem.range.start.line + 1, edited.split('\n').findIndex((line) => line.includes('tag: x')) + 1);
    assert.match(problem.message, /^rules\[1\]\.require: name exactly one of field, annotation, label, link or tag/);
    assert.deepEqual(ruleIds(), ['system-has-domain', 'team-naming']);
  });
});
