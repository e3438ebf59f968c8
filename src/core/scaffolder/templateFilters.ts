// The filters Backstage's scaffolder adds to its template engine, with the
// same results, so a template renders here as it does in Backstage.
import { parseEntityRef as parseRef, type CompoundEntityRef } from '@backstage/catalog-model';

export interface RepoSpec {
  host: string;
  repo: string;
  owner?: string;
  organization?: string;
  workspace?: string;
  project?: string;
}

// Backstage finds the SCM type through its configured integrations; without
// that configuration the public hosts stand in, anything else is GitHub-like.
const hostTypes: Record<string, string> = {
  'gitlab.com': 'gitlab',
  'bitbucket.org': 'bitbucketCloud',
  'dev.azure.com': 'azure',
};

const requiredParams: Record<string, (spec: RepoSpec) => (keyof RepoSpec)[]> = {
  bitbucketCloud: () => ['workspace', 'project', 'repo'],
  azure: () => ['project', 'repo'],
  // A GitLab project id stands for owner and repo.
  gitlab: (spec) => (spec.project ? [] : ['owner', 'repo']),
};

/** Splits a repository picker value such as `github.com?owner=o&repo=r`. */
export function parseRepoUrl(repoUrl: unknown): RepoSpec {
  let url: URL;
  try {
    url = new URL(`https://${String(repoUrl)}`);
  } catch {
    throw new Error(`Invalid repo URL: ${String(repoUrl)}`);
  }
  const param = (name: string) => {
    const value = url.searchParams.get(name);
    return value === null ? undefined : value.replace(/^\/+|\/+$/g, '');
  };
  const spec: RepoSpec = {
    host: url.host,
    owner: param('owner'),
    repo: param('repo') as string,
    organization: param('organization'),
    workspace: param('workspace'),
    project: param('project'),
  };
  const type = hostTypes[url.host] ?? 'github';
  for (const name of (requiredParams[type] ?? (() => ['repo', 'owner']))(spec)) {
    // Backstage checks the raw parameter, so `repo=/` passes although it trims to ''.
    if (!url.searchParams.get(name)) throw new Error(`Invalid repo URL: ${String(repoUrl)}, missing ${name}`);
  }
  return spec;
}

/** `owner/repo` of a repository picker value. */
export function projectSlug(repoUrl: unknown): string {
  const { owner, repo } = parseRepoUrl(repoUrl);
  return `${String(owner)}/${repo}`;
}

export function parseEntityRef(
  ref: unknown,
  context?: { defaultKind?: string; defaultNamespace?: string },
): CompoundEntityRef {
  return parseRef(ref as string | { kind?: string; namespace?: string; name: string }, context);
}

/** The value at a property path such as `a.b[0].c`, like lodash's `get`. */
export function pick(value: unknown, path: unknown): unknown {
  const keys = Array.isArray(path) ? path.map(String) : String(path).match(/[^.[\]'"]+/g) ?? [];
  let current = value;
  for (const key of keys) {
    if (current === null || current === undefined) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export const scaffolderFilters = { parseRepoUrl, projectSlug, parseEntityRef, pick } as const;
