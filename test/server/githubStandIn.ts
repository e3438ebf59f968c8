import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * A loopback stand-in for the few GitHub REST calls that publishing makes (GitHub itself cannot run
 * here). Its repositories are real bare git repositories: the Git Data API calls are carried out with
 * git's plumbing, `git push` and `git clone` go to git's own smart HTTP server (git http-backend), and
 * the contents API reads files back, as Backstage's catalog does when it registers a component. Web,
 * git and API share one origin, as on a GitHub Enterprise server (the API under /api/v3).
 */
export async function githubStandIn(organizations: string[], options: { login?: string; token?: string } = {}) {
  const login = options.login ?? 'octocat';
  const root = mkdtempSync(path.join(tmpdir(), 'greenroom-github-'));
  const repos = new Map<string, { org: boolean; defaultBranch: string; description?: string; private?: boolean }>();
  const requests: { method: string; path: string; authorization?: string }[] = [];
  const gitDir = (owner: string, name: string) => path.join(root, owner, `${name}.git`);
  const git = (dir: string, args: string[], input?: Buffer | string) =>
    execFileSync('git', ['--git-dir', dir, ...args], { input, env: { ...process.env, ...AUTHOR }, maxBuffer: 64 * 1024 * 1024 });
  let origin = '';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization });
    if (/^\/[^/]+\/[^/]+\.git\//.test(url.pathname)) return void smartHttp(req, res, url);
    void body(req).then((text) => {
      try {
        api(req.method ?? 'GET', url, text.length ? (JSON.parse(text.toString('utf8')) as Record<string, unknown>) : {}, req, res);
      } catch (error) {
        reply(res, 500, { message: error instanceof Error ? error.message : String(error) });
      }
    });
  });

  function api(method: string, url: URL, input: Record<string, unknown>, req: IncomingMessage, res: ServerResponse): void {
    const route = url.pathname.replace(/^\/api\/v3/, '');
    // GitHub takes a token as `token …` or `Bearer …`.
    if (options.token && !['token', 'Bearer'].some((scheme) => req.headers.authorization === `${scheme} ${options.token}`)) return reply(res, 401, { message: 'Bad credentials' });
    let match: RegExpExecArray | null;
    // VS Code's GitHub Enterprise sign-in checks a personal access token's scopes on the API's root.
    if (method === 'GET' && (route === '' || route === '/')) return void res.writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': 'repo' }).end('{}');
    if (method === 'GET' && route === '/user') return reply(res, 200, { login, id: 1, type: 'User' });
    if (method === 'GET' && (match = /^\/users\/([^/]+)$/.exec(route))) return reply(res, 200, { login: match[1], type: organizations.includes(match[1]) ? 'Organization' : 'User' });
    if (method === 'POST' && (match = /^\/(?:orgs\/([^/]+)|user)\/repos$/.exec(route))) {
      const owner = match[1] ?? login;
      const name = String(input.name);
      const dir = gitDir(owner, name);
      mkdirSync(path.dirname(dir), { recursive: true });
      execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', dir]);
      // Lets git http-backend take pushes; the stand-in checks the credentials itself.
      git(dir, ['config', 'http.receivepack', 'true']);
      if (input.auto_init) {
        // GitHub's first commit of an auto-initialised repository: a README.
        const readme = git(dir, ['hash-object', '-w', '--stdin'], `# ${name}\n`).toString().trim();
        const tree = git(dir, ['mktree'], `100644 blob ${readme}\tREADME.md\n`).toString().trim();
        const commit = git(dir, ['commit-tree', tree, '-m', 'Initial commit']).toString().trim();
        git(dir, ['update-ref', 'refs/heads/main', commit]);
      }
      repos.set(`${owner}/${name}`, { org: Boolean(match[1]), defaultBranch: 'main', description: input.description as string | undefined, private: input.private as boolean | undefined });
      return reply(res, 201, { name, owner: { login: owner }, full_name: `${owner}/${name}`, html_url: `${origin}/${owner}/${name}`, clone_url: `${origin}/${owner}/${name}.git`, default_branch: 'main' });
    }
    if (!(match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(route))) return reply(res, 404, { message: `Not Found: ${method} ${route}` });
    const [, owner, name, rest = ''] = match;
    const repo = repos.get(`${owner}/${name}`);
    if (!repo) return reply(res, 404, { message: 'Not Found' });
    const dir = gitDir(owner, name);
    if (method === 'PATCH' && rest === '') {
      if (typeof input.default_branch === 'string') {
        repo.defaultBranch = input.default_branch;
        git(dir, ['symbolic-ref', 'HEAD', `refs/heads/${repo.defaultBranch}`]);
      }
      return reply(res, 200, { default_branch: repo.defaultBranch });
    }
    if (method === 'PUT' && /^\/branches\/[^/]+\/protection$/.test(rest)) return reply(res, 200, {});
    if (method === 'GET' && (match = /^\/contents\/(.+)$/.exec(rest))) {
      const ref = url.searchParams.get('ref') ?? repo.defaultBranch;
      // A ref is never taken for one of git's options.
      if (ref.startsWith('-')) return reply(res, 422, { message: 'Invalid ref' });
      try {
        const contents = git(dir, ['show', `${ref}:${decodeURIComponent(match[1])}`]);
        return void res.writeHead(200, { 'content-type': 'application/vnd.github.raw' }).end(contents);
      } catch {
        return reply(res, 404, { message: 'Not Found' });
      }
    }
    if (method === 'POST' && rest === '/git/blobs') {
      const contents = Buffer.from(String(input.content), input.encoding === 'base64' ? 'base64' : 'utf8');
      return reply(res, 201, { sha: git(dir, ['hash-object', '-w', '--stdin'], contents).toString().trim() });
    }
    if (method === 'POST' && rest === '/git/trees') {
      return reply(res, 201, { sha: writeTree(dir, input.tree as TreeEntry[]) });
    }
    if (method === 'POST' && rest === '/git/commits') {
      const parents = (input.parents as string[]).flatMap((parent) => ['-p', parent]);
      return reply(res, 201, { sha: git(dir, ['commit-tree', String(input.tree), ...parents, '-m', String(input.message)]).toString().trim() });
    }
    if ((match = /^\/git\/refs(?:\/(.*))?$/.exec(rest))) {
      const ref = method === 'POST' ? String(input.ref) : `refs/${decodeURIComponent(match[1] ?? '')}`;
      if (!ref.startsWith('refs/')) return reply(res, 422, { message: 'Reference name must start with refs/' });
      if (method === 'DELETE') {
        git(dir, ['update-ref', '-d', ref]);
        return void res.writeHead(204).end();
      }
      git(dir, ['update-ref', ref, String(input.sha)]);
      return reply(res, method === 'PATCH' ? 200 : 201, { ref, object: { sha: input.sha } });
    }
    return reply(res, 404, { message: `Not Found: ${method} ${route}` });
  }

  /** Builds the nested trees of GitHub's create-tree call (paths may hold slashes) with git mktree. */
  function writeTree(dir: string, entries: TreeEntry[]): string {
    const here = new Map<string, string>();
    const below = new Map<string, TreeEntry[]>();
    for (const entry of entries) {
      const [first, ...others] = entry.path.split('/');
      if (others.length === 0) here.set(first, `${entry.mode} blob ${entry.sha}\t${first}`);
      else below.set(first, [...(below.get(first) ?? []), { ...entry, path: others.join('/') }]);
    }
    for (const [name, children] of below) here.set(name, `040000 tree ${writeTree(dir, children)}\t${name}`);
    return git(dir, ['mktree'], [...here.values()].map((line) => `${line}\n`).join('')).toString().trim();
  }

  /** git's smart HTTP protocol, served by git http-backend as a CGI program, behind GitHub's token check. */
  function smartHttp(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const [user, password] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
    if (options.token && password !== options.token) {
      return void res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"' }).end();
    }
    const backend = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.replace(/^\?/, ''),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        REMOTE_USER: user || 'anonymous',
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    // A git that is missing, or that stops while a push is still arriving, ends the request, not the tests.
    backend.on('error', (error) => res.headersSent || res.writeHead(500).end(error.message));
    backend.stdin.on('error', () => undefined);
    req.pipe(backend.stdin);
    let head = Buffer.alloc(0);
    let started = false;
    backend.stdout.on('data', (chunk: Buffer) => {
      if (started) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      started = true;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        const [key, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
        if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[key] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    backend.on('close', () => (started ? res.end() : res.writeHead(500).end(head)));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dirOf = (repo: string) => gitDir(repo.split('/')[0], repo.split('/')[1]);
  return {
    /** What a template's repoUrl names as the host, and Backstage's integration config calls `host`. */
    host: new URL(origin).host,
    origin,
    apiBaseUrl: `${origin}/api/v3`,
    requests,
    repos,
    /** The repository's branches. */
    branches(repo: string): string[] {
      return git(dirOf(repo), ['for-each-ref', '--format=%(refname:short)', 'refs/heads']).toString().split('\n').filter(Boolean);
    },
    /** The files of the commit a branch points at: path to contents and mode. */
    files(repo: string, branch: string): Map<string, { contents: Buffer; mode: string }> {
      const dir = dirOf(repo);
      const listing = git(dir, ['ls-tree', '-r', '-z', branch]).toString('utf8').split('\0').filter(Boolean);
      return new Map(
        listing.map((line) => {
          const [meta, file] = line.split('\t');
          const [mode, , sha] = meta.split(' ');
          return [file, { contents: git(dir, ['cat-file', 'blob', sha]), mode }];
        }),
      );
    },
    /** The branch's commit: its message and parents. */
    commitOf(repo: string, branch: string): { message: string; parents: string[] } {
      const [parents, ...message] = git(dirOf(repo), ['log', '-1', '--format=%P%n%B', branch]).toString('utf8').split('\n');
      return { parents: parents.split(' ').filter(Boolean), message: message.join('\n').trim() };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

interface TreeEntry {
  path: string;
  mode: string;
  sha: string;
}

/** Fixed, so that commits do not depend on the machine's git configuration. */
const AUTHOR = { GIT_AUTHOR_NAME: 'Stand-in', GIT_AUTHOR_EMAIL: 'stand-in@127.0.0.1', GIT_COMMITTER_NAME: 'Stand-in', GIT_COMMITTER_EMAIL: 'stand-in@127.0.0.1' };

function reply(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
