import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the few GitHub REST calls publish:github makes (GitHub itself cannot run
 * here): look up the owner, create the repository, then blobs, a tree, a commit and the branch ref.
 * It keeps what it was sent, so that a test can read the pushed files back.
 */
export async function githubStandIn(organizations: string[]) {
  const blobs = new Map<string, Buffer>();
  const trees = new Map<string, { path: string; sha: string }[]>();
  const commits = new Map<string, { tree: string; parents: string[]; message: string }>();
  const repos = new Map<string, { org: boolean; refs: Map<string, string>; defaultBranch: string; description?: string; private?: boolean }>();
  const requests: { method: string; path: string; authorization?: string }[] = [];
  const sha = (data: string) => createHash('sha1').update(data).digest('hex');

  const server = createServer((req, res) => {
    void body(req).then((text) => {
      const input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const path = (req.url ?? '').replace(/^\/api\/v3/, '').split('?')[0];
      requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization });
      const reply = (status: number, data: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
      let match: RegExpExecArray | null;
      if (req.method === 'GET' && path === '/user') return reply(200, { login: 'octocat', type: 'User' });
      if (req.method === 'GET' && (match = /^\/users\/([^/]+)$/.exec(path))) return reply(200, { login: match[1], type: organizations.includes(match[1]) ? 'Organization' : 'User' });
      if (req.method === 'POST' && (match = /^\/(?:orgs\/([^/]+)|user)\/repos$/.exec(path))) {
        const owner = match[1] ?? 'octocat';
        const name = String(input.name);
        const initial = sha(`init ${owner}/${name}`);
        repos.set(`${owner}/${name}`, { org: Boolean(match[1]), refs: new Map([['main', initial]]), defaultBranch: 'main', description: input.description as string | undefined, private: input.private as boolean | undefined });
        return reply(201, { name, owner: { login: owner }, full_name: `${owner}/${name}`, html_url: `https://github.example.test/${owner}/${name}`, default_branch: 'main' });
      }
      if (req.method === 'PATCH' && (match = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path))) {
        const repo = repos.get(`${match[1]}/${match[2]}`);
        if (!repo) return reply(404, { message: 'Not Found' });
        if (typeof input.default_branch === 'string') repo.defaultBranch = input.default_branch;
        return reply(200, { default_branch: repo.defaultBranch });
      }
      if ((match = /^\/repos\/([^/]+)\/([^/]+)\/git\/(blobs|trees|commits|refs)(?:\/(.*))?$/.exec(path))) {
        const repo = repos.get(`${match[1]}/${match[2]}`);
        if (!repo) return reply(404, { message: 'Not Found' });
        const kind = match[3];
        if (kind === 'blobs') {
          const contents = Buffer.from(String(input.content), input.encoding === 'base64' ? 'base64' : 'utf8');
          const id = sha(`blob ${contents.toString('base64')}`);
          blobs.set(id, contents);
          return reply(201, { sha: id });
        }
        if (kind === 'trees') {
          const entries = (input.tree as { path: string; sha: string }[]).map((entry) => ({ path: entry.path, sha: entry.sha }));
          const id = sha(`tree ${JSON.stringify(entries)}`);
          trees.set(id, entries);
          return reply(201, { sha: id });
        }
        if (kind === 'commits') {
          const id = sha(`commit ${JSON.stringify(input)}`);
          commits.set(id, { tree: String(input.tree), parents: input.parents as string[], message: String(input.message) });
          return reply(201, { sha: id });
        }
        if (req.method === 'DELETE') {
          repo.refs.delete(decodeURIComponent(match[4] ?? '').replace(/^heads\//, ''));
          return res.writeHead(204).end();
        }
        const branch = req.method === 'PATCH' ? decodeURIComponent(match[4] ?? '').replace(/^heads\//, '') : String(input.ref).replace(/^refs\/heads\//, '');
        repo.refs.set(branch, String(input.sha));
        return reply(req.method === 'PATCH' ? 200 : 201, { ref: `refs/heads/${branch}`, object: { sha: input.sha } });
      }
      return reply(404, { message: `Not Found: ${req.method} ${path}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`,
    requests,
    repos,
    /** The files of the commit a branch points at: path to contents. */
    files(repo: string, branch: string): Map<string, string> {
      const commit = commits.get(repos.get(repo)?.refs.get(branch) ?? '');
      return new Map((trees.get(commit?.tree ?? '') ?? []).map((entry) => [entry.path, blobs.get(entry.sha)?.toString('utf8') ?? '']));
    },
    commitOf(repo: string, branch: string) {
      return commits.get(repos.get(repo)?.refs.get(branch) ?? '');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => resolve(text));
  });
}
