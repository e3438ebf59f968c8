import type { TaskFiles } from '../core/scaffolder/taskFiles';

export interface GitHubRepo {
  host: string;
  owner: string;
  repo: string;
}

export interface PublishOptions {
  /** The REST API of the repository's host: https://api.github.com, or a GitHub Enterprise server's /api/v3. */
  apiBaseUrl: string;
  /** Sent only to `apiBaseUrl`'s origin. */
  token: string;
  description?: string;
  /** Backstage's default is `master`. */
  defaultBranch?: string;
  /** `internal` (GitHub Enterprise) is created private. */
  repoVisibility?: 'private' | 'public' | 'internal';
  gitCommitMessage?: string;
  fetch?: typeof fetch;
}

export interface Published {
  remoteUrl: string;
  repoContentsUrl: string;
  commitHash: string;
}

/**
 * Creates the repository and pushes `files` as its only commit, over the REST API (what publish:github
 * does with git): the repository is created with a first commit, whose branch then points at a commit
 * holding exactly the files.
 */
export async function publishToGitHub(target: GitHubRepo, files: TaskFiles, options: PublishOptions): Promise<Published> {
  const origin = new URL(options.apiBaseUrl).origin;
  const inner = options.fetch ?? fetch;
  // Loaded with the first publish: the server starts without it.
  const { Octokit } = await import('@octokit/rest');
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.apiBaseUrl.replace(/\/+$/, ''),
    request: {
      // The token goes to the API it was given for and nowhere else, redirects included.
      fetch: (input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(input instanceof Request ? input.url : input);
        if (url.origin !== origin) return Promise.reject(new Error(`Refused to send the GitHub token to ${url.origin}: it is for ${origin}.`));
        return inner(input, { ...init, redirect: 'manual' });
      },
    },
  });
  const branch = options.defaultBranch ?? 'master';
  const visibility = options.repoVisibility ?? 'private';
  const { data: account } = await octokit.rest.users.getByUsername({ username: target.owner });
  if (account.type !== 'Organization') {
    // A user's repository is created for whoever the token signs in as: it must be that user.
    const { data: me } = await octokit.rest.users.getAuthenticated();
    if (me.login.toLowerCase() !== target.owner.toLowerCase()) throw new Error(`the GitHub sign-in is ${me.login}, who cannot create a repository for ${target.owner}`);
  }
  const settings = { name: target.repo, description: options.description, private: visibility !== 'public', auto_init: true };
  const { data: created } =
    account.type === 'Organization' ? await octokit.rest.repos.createInOrg({ org: target.owner, ...settings }) : await octokit.rest.repos.createForAuthenticatedUser(settings);
  // From here on, the repository GitHub created, whatever the template wrote.
  const owner = created.owner.login;
  const repo = created.name;

  const tree = [];
  for (const [path, contents] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const { data: blob } = await octokit.rest.git.createBlob({ owner, repo, content: contents.toString('base64'), encoding: 'base64' });
    tree.push({ path, mode: files.executable.has(path) ? ('100755' as const) : ('100644' as const), type: 'blob' as const, sha: blob.sha });
  }
  const { data: createdTree } = await octokit.rest.git.createTree({ owner, repo, tree });
  const { data: commit } = await octokit.rest.git.createCommit({ owner, repo, message: options.gitCommitMessage ?? 'initial commit', tree: createdTree.sha, parents: [] });
  if (branch === created.default_branch) {
    await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
  } else {
    // The files' branch becomes the default, and the branch GitHub made with its first commit goes.
    await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
    await octokit.rest.repos.update({ owner, repo, default_branch: branch });
    await octokit.rest.git.deleteRef({ owner, repo, ref: `heads/${created.default_branch}` });
  }
  return { remoteUrl: created.clone_url, repoContentsUrl: `${created.html_url}/blob/${branch}`, commitHash: commit.sha };
}
