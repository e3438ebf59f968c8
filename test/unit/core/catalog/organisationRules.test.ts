import * as assert from 'node:assert/strict';
import { readRulesFile } from '../../../../src/core/catalog/organisationRules';
import { component, TempWorkspace } from '../../tempWorkspace';
import { Catalog } from '../../../../src/core/catalog/catalog';
import { WorkspaceFiles } from '../../../../src/sources/workspaceFiles';

describe("organisation rules (.greenroom/rules.yaml)", () => {
  it('reads every valid rule and puts each invalid one on its own line, in words', () => {
    const text = [
      'rules:',
      '  - id: ok',
      '    message: Has a system',
      '    require: { field: spec.system }',
      '  - id: two-things',
      '    message: Clashing',
      '    require: { field: spec.owner, annotation: a/b }',
      '  - id: Bad Id',
      '    message: x',
      '    require: { tag: x }',
      '  - id: typo',
      '    message: x',
      '    severity: fatal',
      '    require: { tag: x }',
      '    wen: { kind: Component }',
      '',
    ].join('\n');
    const { rules, problems } = readRulesFile(text);
    assert.deepEqual(rules.map((rule) => rule.id), ['ok']);
    assert.deepEqual(rules[0], { id: 'ok', message: 'Has a system', severity: 'warning', when: {}, require: { field: 'spec.system' } });
    const byLine = problems.map((problem) => `${problem.range.start.line + 1}: ${problem.message}`);
    assert.ok(byLine.some((line) => line.startsWith('7: ') && line.includes('name exactly one of field, annotation, label, link or tag')), byLine.join('\n'));
    assert.ok(byLine.some((line) => line.startsWith('8: ') && line.includes('must match pattern')), byLine.join('\n'));
    assert.ok(byLine.some((line) => line.startsWith('13: ') && line.includes('must be equal to one of the allowed values')), byLine.join('\n'));
    assert.ok(byLine.some((line) => line.startsWith('11: ') && line.includes("unknown key 'wen'")), byLine.join('\n'));
    assert.ok(problems.every((problem) => problem.code === 'rules-file-invalid' && problem.severity === 'error'));
  });

  it('a YAML error or a file of something else gives no rules and a problem, never a throw', () => {
    assert.equal(readRulesFile('rules: [').rules.length, 0);
    assert.match(readRulesFile('rules: [').problems[0].message, /^YAML error/);
    assert.match(readRulesFile('- just\n- a list\n').problems[0].message, /must be object/);
    assert.deepEqual(readRulesFile(''), { rules: [], problems: [] });
    for (const nothing of ['~\n', 'null\n', '42\n']) assert.match(readRulesFile(nothing).problems[0].message, /must be a map with a rules list/, nothing);
  });

  it('re-checks every entity when the rules change, and a pattern that is no regular expression matches nothing', async () => {
    const workspace = new TempWorkspace({
      'catalog-info.yaml': component('api'),
      '.greenroom/rules.yaml': 'rules:\n  - id: has-system\n    message: Has a system\n    require: { field: spec.system }\n',
    });
    try {
      const catalog = new Catalog(new WorkspaceFiles([{ folder: workspace.root, include: [], exclude: [] }]), { rulesFile: workspace.path('.greenroom/rules.yaml') });
      await catalog.load();
      const ruleIds = () => [...catalog.problems().values()].flat().filter((problem) => problem.code === 'organisation-rule').map((problem) => /rule ([\w-]+)/.exec(problem.message)![1]);
      assert.deepEqual(ruleIds(), ['has-system']);
      await catalog.setOpenText(workspace.path('.greenroom/rules.yaml'), "rules:\n  - id: named\n    message: x\n    require: { field: metadata.name, pattern: '([' }\n");
      assert.deepEqual(ruleIds(), ['named']);
      await catalog.setOpenText(workspace.path('.greenroom/rules.yaml'), 'rules: []\n');
      assert.deepEqual(ruleIds(), []);
      // The same rules (none valid), with one more invalid entry: the rules file's problems follow the text.
      const rulesProblems = () => (catalog.problems().get(workspace.path('.greenroom/rules.yaml')) ?? []).map((problem) => problem.range.start.line + 1);
      const invalid = (id: string) => `  - id: ${id}\n    message: x\n`;
      await catalog.setOpenText(workspace.path('.greenroom/rules.yaml'), `rules:\n${invalid('one')}`);
      assert.deepEqual(rulesProblems(), [2]);
      await catalog.setOpenText(workspace.path('.greenroom/rules.yaml'), `rules:\n${invalid('one')}${invalid('two')}`);
      assert.deepEqual(rulesProblems(), [2, 4]);
    } finally {
      workspace.dispose();
    }
  });
});
