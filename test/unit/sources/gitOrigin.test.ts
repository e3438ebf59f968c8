import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gitOrigin, locationRefsIn, originOf, repositoryOf } from '../../../src/sources/gitOrigin';

describe("a workspace folder's Git origin", () => {
  it('reads the origin remote of a Git config, not another remote', () => {
    const config = ['[core]', '\tbare = false', '[remote "upstream"]', '\turl = https://github.com/other/fork.git', '[remote "origin"]', '\turl = git@github.com:Acme/payments.git', '\tfetch = +refs/heads/*:refs/remotes/origin/*'].join('\n');
    assert.equal(originOf(config), 'github.com/Acme/payments');
    assert.equal(originOf('[remote "upstream"]\n\turl = https://github.com/other/fork.git\n'), undefined);
  });

  it('names a repository alike over https, ssh and scp-like URLs', () => {
    for (const url of ['https://github.com/acme/payments', 'https://user@GitHub.com/acme/payments.git/', 'ssh://git@github.com/acme/payments.git', 'git@github.com:acme/payments.git']) {
      assert.equal(repositoryOf(url), 'github.com/acme/payments', url);
    }
    assert.equal(repositoryOf('https://gitlab.example.com/group/sub/repo.git'), 'gitlab.example.com/group/sub/repo');
    assert.equal(repositoryOf('/srv/git/payments.git'), undefined, 'a local path is no host');
    assert.equal(repositoryOf('file:///srv/git/payments.git'), undefined);
  });

  it("names a clone's files as Backstage's url locations may, and a folder without Git by path only", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'greenroom-git-'));
    try {
      const clone = path.join(dir, 'payments');
      const plain = path.join(dir, 'plain');
      await mkdir(path.join(clone, '.git'), { recursive: true });
      await mkdir(plain);
      await writeFile(path.join(clone, '.git', 'config'), '[remote "origin"]\n\turl = https://github.com/acme/payments.git\n');
      assert.equal(await gitOrigin(clone), 'github.com/acme/payments');
      assert.equal(await gitOrigin(plain), undefined);
      const refsOf = await locationRefsIn([clone, plain]);
      const file = path.join(clone, 'services', 'catalog-info.yaml');
      assert.deepEqual(refsOf(file), [`file:${file}`, 'repo:github.com/acme/payments:services/catalog-info.yaml']);
      assert.deepEqual(refsOf(path.join(plain, 'catalog-info.yaml')), [`file:${path.join(plain, 'catalog-info.yaml')}`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
