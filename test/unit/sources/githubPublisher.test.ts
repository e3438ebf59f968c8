import * as assert from 'node:assert/strict';
import { TaskFiles } from '../../../src/core/scaffolder/taskFiles';
import { publishToGitHub } from '../../../src/sources/githubPublisher';
import { githubStandIn } from '../../server/githubStandIn';

// publish:github's REST calls against the loopback stand-in for GitHub (it signs in as octocat).
describe('publishing to GitHub', () => {
  let github: Awaited<ReturnType<typeof githubStandIn>>;
  beforeEach(async () => (github = await githubStandIn(['acme'])));
  afterEach(() => github.close());
  const files = new TaskFiles().put('README.md', Buffer.from('# svc\n'), false).put('src/index.js', Buffer.from('1;\n'), false).put('scripts/start.sh', Buffer.from('node .\n'), true);
  const publish = (owner: string, defaultBranch?: string) => publishToGitHub({ host: 'github.example.test', owner, repo: 'svc' }, files, { apiBaseUrl: github.apiBaseUrl, token: 't', defaultBranch });

  it('puts the files on the branch asked for, makes it the default, and leaves no other branch', async () => {
    const published = await publish('octocat');
    assert.equal(published.repoContentsUrl, `${github.origin}/octocat/svc/blob/master`, "Backstage's default branch is master");
    assert.equal(published.remoteUrl, `${github.origin}/octocat/svc.git`, 'the clone URL, as Backstage gives');
    assert.equal(github.repos.get('octocat/svc')?.defaultBranch, 'master');
    assert.deepEqual(github.branches('octocat/svc'), ['master']);
    const pushed = github.files('octocat/svc', 'master');
    assert.deepEqual([...pushed.keys()], ['README.md', 'scripts/start.sh', 'src/index.js']);
    assert.deepEqual([...pushed.values()].map((file) => file.mode), ['100644', '100755', '100644'], 'an executable file stays executable');
  });

  it('creates no repository for another user than the one signed in', async () => {
    await assert.rejects(publish('someone-else', 'main'), /the GitHub sign-in is octocat, who cannot create a repository for someone-else/);
    assert.equal(github.repos.size, 0);
  });
});
