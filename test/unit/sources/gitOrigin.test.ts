import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { locationRefsIn } from '../../../src/sources/gitOrigin';

describe("how Backstage's locations may name a workspace folder's files", () => {
  it("names a clone's files by path and through its origin's repository, and a folder without Git by path only", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greenroom-git-'));
    try {
      const clone = path.join(dir, 'payments');
      const plain = path.join(dir, 'plain');
      await mkdir(path.join(clone, '.git'), { recursive: true });
      await mkdir(plain);
      await writeFile(path.join(clone, '.git', 'config'), '[remote "upstream"]\n\turl = https://github.com/other/fork.git\n[remote "origin"]\n\turl = git@github.com:Acme/Payments.git\n');
      const refsOf = locationRefsIn([clone, plain]);
      const file = path.join(clone, 'services', 'catalog-info.yaml');
      assert.deepEqual(refsOf(file), [`file:${file}`, 'repo:github.com/acme/payments:services/catalog-info.yaml']);
      assert.deepEqual(refsOf(path.join(plain, 'catalog-info.yaml')), [`file:${path.join(plain, 'catalog-info.yaml')}`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
