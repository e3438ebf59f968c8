import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

describe('npm test counts honestly', function () {
  this.timeout(120_000);

  it('counts every test a failed packaging step kept from running as failed, by name, and static checks on their own line', () => {
    const run = spawnSync('node', ['scripts/test.mjs'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GREENROOM_TEST_ONLY: 'package,server', GREENROOM_TEST_BREAK_PACKAGING: '1' },
    });
    const lines = run.stdout.trim().split('\n');
    const closing = /^(\d+) passed, (\d+) failed$/.exec(lines.at(-1) ?? '');
    assert.ok(closing, `closing line: ${lines.at(-1)}`);
    const notRun = lines.filter((line) => line.endsWith('(not run: packaging the .vsix failed)'));
    assert.ok(notRun.length > 100, `only ${notRun.length} tests named as not run`);
    assert.deepEqual([Number(closing[1]), Number(closing[2])], [0, notRun.length]);
    assert.ok(lines.includes('Static checks: 0 passed, 1 failed (package the .vsix)'));
    assert.ok(notRun.some((line) => line.includes('Templates over stdio')));
    assert.equal(run.status, 1);
  });
});
