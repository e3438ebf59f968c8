import * as assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../../../src/core/catalog/catalog';
import { WorkspaceFiles } from '../../../../src/sources/workspaceFiles';
import { TempWorkspace } from '../../tempWorkspace';

const TEMPLATES = path.resolve(__dirname, '../../../fixtures/templates');

const template = (steps: string, output = '') => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: svc
spec:
  owner: team-a
  type: service
  parameters:
    - title: Basics
      required: [name]
      properties:
        name:
          type: string
      dependencies:
        name:
          oneOf:
            - properties:
                extra:
                  type: string
steps:
${steps}${output}`.replace('\nsteps:', '\n  steps:');

describe('Template checks', () => {
  let workspace: TempWorkspace;
  afterEach(() => workspace?.dispose());

  const problemsOf = async (text: string) => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': text });
    const catalog = await workspace.catalog();
    return (catalog.problems().get(workspace.path('catalog-info.yaml')) ?? []).filter((p) => p.code.startsWith('template-'));
  };

  it('names an unknown parameter, on the exact expression', async () => {
    const [problem, ...rest] = await problemsOf(template(`    - id: fetch\n      action: fetch:template\n      input:\n        values:\n          name: \${{ parameters.nmae }}\n          extra: \${{ parameters.extra }}\n`));
    assert.equal(rest.length, 0, 'parameters behind dependencies are known');
    assert.equal(problem.code, 'template-unknown-parameter');
    assert.equal(problem.severity, 'warning');
    assert.equal(problem.message, "Greenroom's advice (Backstage accepts the template): the template has no parameter 'nmae'; the parameters are 'name', 'extra'");
    assert.deepEqual(problem.range, { start: { line: 24, character: 20 }, end: { line: 24, character: 35 } });
  });

  it('names an unknown step in outputs, and a step id used twice', async () => {
    const problems = await problemsOf(
      template(
        `    - id: fetch\n      action: fetch:template\n    - id: fetch\n      action: debug:log\n`,
        `  output:\n    links:\n      - url: \${{ steps['publish'].output.remoteUrl }}\n`,
      ),
    );
    assert.deepEqual(problems.map((p) => [p.code, p.range.start.line, p.severity]), [['template-duplicate-step', 22, 'warning'], ['template-unknown-step', 26, 'warning']]);
  });

  it('warns about an action a default scaffolder lacks', async () => {
    const [problem] = await problemsOf(template(`    - id: fetch\n      action: fetch:cookiecutter\n`));
    assert.equal(problem.code, 'template-unknown-action');
    assert.match(problem.message, /^Greenroom's advice \(Backstage accepts the template\): 'fetch:cookiecutter' is not an action of a default Backstage scaffolder/);
  });

  it('finds nothing to say about the Backstage sample templates but the actions they need modules for', async () => {
    const files = readdirSync(TEMPLATES, { recursive: true }).map(String).filter((f) => f.endsWith('template.yaml') && statSync(path.join(TEMPLATES, f)).isFile());
    assert.ok(files.length >= 10, `${files.length} sample templates`);
    const catalog = new Catalog(new WorkspaceFiles([{ folder: TEMPLATES, include: files, exclude: [] }]));
    await catalog.load();
    const templateProblems = [...catalog.problems().values()].flat().filter((p) => p.code.startsWith('template-'));
    assert.deepEqual([...new Set(templateProblems.map((p) => p.message.split(': ')[1].split(' ')[0]))].sort(), ["'fetch:cookiecutter'", "'fetch:rails'", "'publish:gitlab:merge-request'"]);
  });
});
