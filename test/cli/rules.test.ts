import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const RULES = path.resolve(__dirname, '../fixtures/rules');

interface Problem {
  file: string;
  line: number;
  severity: string;
  code: string;
  message: string;
  source: string;
}

function validate(args: string[]): { status: number | null; problems: Problem[]; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, 'validate', RULES, '--format', 'json', ...args], { cwd: RULES, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, problems: run.status === 2 ? [] : (JSON.parse(run.stdout) as { problems: Problem[] }).problems, stderr: run.stderr };
}

/** `rule-id file:line` of each organisation finding. */
function findings(problems: readonly Problem[]): string[] {
  return problems.filter((problem) => problem.code === 'organisation-rule').map((problem) => `${/organisation rule ([\w-]+)/.exec(problem.message)?.[1]} ${problem.file}:${problem.line}`);
}

describe("greenroom validate: the organisation's rules", function () {
  this.timeout(120_000);

  it('checks nine kinds of rule from .greenroom/rules.yaml, each where it fails, marked as the organisation’s', () => {
    const { status, problems } = validate([]);
    assert.equal(status, 1, 'system-has-domain is an error');
    assert.deepEqual(findings(problems).sort(), [
      'owner-is-group services/payments/catalog-info.yaml:16',
      'payments-are-pci services/payments/catalog-info.yaml:4',
      'production-has-techdocs services/payments/catalog-info.yaml:6',
      'repository-in-org services/search/catalog-info.yaml:19',
      'repository-in-org services/search/catalog-info.yaml:6',
      'system-has-domain services/payments/catalog-info.yaml:25',
      'team-naming services/payments/catalog-info.yaml:16',
      'team-naming services/search/catalog-info.yaml:23',
      'tier-label services/search/catalog-info.yaml:4',
      'known-lifecycle services/search/catalog-info.yaml:22',
    ].sort());
    const techdocs = problems.find((problem) => problem.message.includes('production-has-techdocs'))!;
    assert.equal(techdocs.message, 'Production services publish TechDocs (organisation rule production-has-techdocs: annotation backstage.io/techdocs-ref is missing)');
    assert.equal(techdocs.severity, 'warning');
    // Backstage's own verdicts and Greenroom's advice keep their sources.
    assert.ok(problems.some((problem) => problem.code === 'unresolved-ref' && problem.source === 'greenroom'));
    assert.ok(problems.filter((problem) => problem.code === 'organisation-rule').every((problem) => problem.source === 'organisation'));
  });

  it('takes another rules file from --rules, and refuses one that is missing or outside the folder', () => {
    const none = validate(['--rules', 'services/search/catalog-info.yaml']);
    assert.equal(none.status, 1, 'a file that is not a rules file is a problem on it');
    assert.ok(none.problems.some((problem) => problem.code === 'rules-file-invalid' && problem.file === 'services/search/catalog-info.yaml'));
    assert.deepEqual(findings(none.problems), []);
    for (const [rules, reason] of [
      ['missing.yaml', /--rules missing\.yaml does not exist/],
      ['../../package.json', /is outside the folder validated/],
    ] as const) {
      const run = validate(['--rules', rules]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, reason);
    }
  });
});
