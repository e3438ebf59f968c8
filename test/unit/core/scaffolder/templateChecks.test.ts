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

  /** The Template's problems with codes starting `template-`, unused parameters only when asked for. */
  const problemsOf = async (text: string, codes = /^template-(?!unused-parameter)/) => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': text });
    const catalog = await workspace.catalog();
    return (catalog.problems().get(workspace.path('catalog-info.yaml')) ?? []).filter((p) => codes.test(p.code));
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

  it('names a step output the step\'s action does not give, in outputs and later steps', async () => {
    const problems = await problemsOf(
      template(
        `    - id: fetch\n      action: fetch:template\n    - id: publish\n      action: publish:github\n    - id: log\n      action: debug:log\n      input:\n        message: \${{ steps.fetch.output.path }}\n`,
        `  output:\n    links:\n      - url: \${{ steps['publish'].output.remoteUrl }}\n      - url: \${{ steps.publish.output['repoUrl'] }}\n      - url: \${{ steps.custom.output.x }}\n`,
      ),
      /^template-unknown-step/,
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.range.start.line, p.message.split('template): ')[1]]),
      [
        ['template-unknown-step-output', 27, "step 'fetch' runs fetch:template, which has no output 'path': it gives no output"],
        ['template-unknown-step-output', 31, "step 'publish' runs publish:github, which has no output 'repoUrl': it gives 'remoteUrl', 'repoContentsUrl', 'commitHash'"],
        ['template-unknown-step', 32, "the template has no step 'custom'; the steps are 'fetch', 'publish', 'log'"],
      ],
    );
  });

  it('names a parameter no step and no output uses, unless the parameters are handed on whole or as secrets', async () => {
    const unused = /^template-unused-parameter$/;
    const [problem, ...rest] = await problemsOf(template(`    - id: log\n      action: debug:log\n      input:\n        message: \${{ parameters.extra }}\n`), unused);
    assert.equal(rest.length, 0);
    assert.equal(problem.message, "Greenroom's advice (Backstage accepts the template): no step and no output uses the parameter 'name', so what the form asks for it is lost");
    assert.deepEqual(problem.range, { start: { line: 11, character: 8 }, end: { line: 11, character: 12 } });
    assert.deepEqual(await problemsOf(template(`    - id: log\n      action: debug:log\n      input:\n        message: \${{ parameters | dump }}\n`), unused), []);
    assert.deepEqual(await problemsOf(template(`    - id: log\n      action: debug:log\n      input:\n        message: \${{ secrets.name }}\n`), unused), []);
  });

  it('compares the values a fetch:template step passes with those its skeleton uses, in files and file names', async () => {
    const text = template(`    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values:\n          name: \${{ parameters.name }}\n          extra: \${{ parameters.extra }}\n          nested:\n            a: 1\n`);
    workspace = new TempWorkspace({ 'catalog-info.yaml': text, 'skeleton/README.md': '# ${{ values.name }}\n\n${{ values.owner }}\n', 'skeleton/${{ values["slug"] }}.txt': 'x', 'skeleton/logo.png': '\0\u0001${{ values.nested }}' });
    const catalog = await workspace.catalog();
    const problems = (catalog.problems().get(workspace.path('catalog-info.yaml')) ?? []).filter((p) => p.code.startsWith('template-value'));
    assert.deepEqual(
      problems.map((p) => [p.code, p.range.start.line, p.message.split('template): ')[1]]),
      [
        ['template-value-not-passed', 24, "the skeleton uses values.slug (in the name skeleton/${{ values[\"slug\"] }}.txt), which step 'fetch' does not pass; it renders empty"],
        ['template-value-not-passed', 24, "the skeleton uses values.owner (in skeleton/README.md:3), which step 'fetch' does not pass; it renders empty"],
        ['template-value-unused', 26, "step 'fetch' passes values.extra, which no file of its skeleton (./skeleton) uses"],
        ['template-value-unused', 27, "step 'fetch' passes values.nested, which no file of its skeleton (./skeleton) uses"],
      ],
    );
    // A one-line value is removed whole; a block value has no clear fix.
    assert.deepEqual(problems[2].fixes, [{ title: "Remove the unused value 'extra'", range: { start: { line: 26, character: 0 }, end: { line: 27, character: 0 } }, newText: '' }]);
    assert.equal(problems[3].fixes, undefined);

    // Editing the skeleton checks the Template again.
    workspace.write('skeleton/README.md', '# ${{ values.name }} ${{ values.extra }} ${{ values.nested.a }} ${{ values.owner }} ${{ values.slug }}\n');
    await catalog.applyChanges([{ path: workspace.path('skeleton/README.md'), type: 'changed' }]);
    assert.deepEqual((catalog.problems().get(workspace.path('catalog-info.yaml')) ?? []).filter((p) => p.code.startsWith('template-value')).map((p) => /values\.\w+/.exec(p.message)![0]), ['values.slug', 'values.owner']);
  });

  it("reads a hostile skeleton in one pass: an expression never closed ends the scan, and a value named like an object's own property is not taken as passed", async () => {
    const text = template(`    - id: fetch\n      action: fetch:template\n      input:\n        url: ./skeleton\n        values:\n          name: \${{ parameters.name }}\n`);
    const unclosed = '${{ values.name '.repeat(20_000);
    workspace = new TempWorkspace({ 'catalog-info.yaml': text, 'skeleton/a.txt': `\${{ values.constructor }}\n\${{ values.name }}\n${unclosed}`, 'skeleton/b.txt': `${'x'.repeat(300 * 1024)}\n\${{ values.late }}\n` });
    const catalog = await workspace.catalog();
    const problems = (catalog.problems().get(workspace.path('catalog-info.yaml')) ?? []).filter((p) => p.code.startsWith('template-value'));
    // values.late lies past what is read of a file: it is neither reported nor counted.
    assert.deepEqual(
      problems.map((p) => p.message.split('template): ')[1]),
      ["the skeleton uses values.constructor (in skeleton/a.txt:1), which step 'fetch' does not pass; it renders empty"],
    );
  });

  it('does not read a skeleton outside the workspace folder', async () => {
    const text = template(`    - id: fetch\n      action: fetch:template\n      input:\n        url: ../../../../../../etc\n        values:\n          name: x\n`);
    assert.deepEqual(await problemsOf(text, /^template-value/), []);
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
    const templateProblems = [...catalog.problems()].flatMap(([file, list]) => list.filter((p) => p.code.startsWith('template-')).map((p) => ({ ...p, file: path.relative(TEMPLATES, file) })));
    const unknownActions = templateProblems.filter((p) => p.code === 'template-unknown-action');
    assert.deepEqual([...new Set(unknownActions.map((p) => p.message.split(': ')[1].split(' ')[0]))].sort(), ["'fetch:cookiecutter'", "'fetch:rails'", "'publish:gitlab:merge-request'"]);
    // The kitchen sink shows form fields it never uses; the conditional demo asks for alerts it never sets up.
    const unused = templateProblems.filter((p) => p.code === 'template-unused-parameter');
    assert.deepEqual([...new Set(unused.map((p) => path.dirname(p.file)))].sort(), ['backstage-sample-templates/bui-kitchen-sink-demo', 'backstage-sample-templates/conditional-parameters-demo']);
    assert.deepEqual(unused.filter((p) => p.file.includes('conditional')).map((p) => /'(\w+)'/.exec(p.message)![1]), ['alertEmail', 'alertThreshold']);
    // Three of Backstage's own samples hand their skeletons the wrong values.
    const values = templateProblems.filter((p) => p.code.startsWith('template-value-')).map((p) => `${path.basename(path.dirname(p.file))} ${p.code} ${/values\.\w+/.exec(p.message)![0]}`);
    assert.deepEqual(values, [
      'clean-architecture-app template-value-not-passed values.destination',
      'create-react-app template-value-not-passed values.name',
      'springboot-grpc-template template-value-unused values.artifact_id',
      'springboot-grpc-template template-value-unused values.java_package_name',
    ]);
    assert.equal(templateProblems.length, unknownActions.length + unused.length + values.length, 'nothing else');
  });
});
