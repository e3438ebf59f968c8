import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import { parse } from 'yaml';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { TaskFiles } from '../../core/scaffolder/taskFiles';
import { parseRepoUrl } from '../../core/scaffolder/templateFilters';
import type { TemplateAction } from '../../core/scaffolder/templateRunner';
import { publishToGitHub } from '../../sources/githubPublisher';
import { GitHubTokenRequest, type GitHubSettings } from '../../protocol/catalogProtocol';
import { openSecret } from '../openedSecrets';

/**
 * The actions a local run offers beyond the workspace ones: they reach outside the run, to GitHub, to
 * the catalog, to the user. In a dry run they only say what they would do, and answer what they would
 * answer, as Backstage's dry run does.
 */
export function hostActions(connection: Connection, githubSettings: () => Promise<Partial<GitHubSettings>>, dryRun: boolean): Record<string, TemplateAction> {
  return {
    /** Creates the repository and pushes the workspace (or `sourcePath` in it) as its first commit. */
    'publish:github': async ({ input, files, log }) => {
      const { host, owner, repo } = parseRepoUrl(input.repoUrl);
      if (!owner) throw new Error(`publish:github: ${String(input.repoUrl)} names no owner`);
      const branch = typeof input.defaultBranch === 'string' ? input.defaultBranch : 'master';
      if (dryRun) {
        log(`Would create ${host}/${owner}/${repo} and push the files to its ${branch} branch`);
        // What GitHub would answer: the clone URL, and the web address of the branch's files.
        const web = `https://${host}/${owner}/${repo}`;
        return { remoteUrl: `${web}.git`, repoContentsUrl: `${web}/blob/${branch}`, commitHash: 'dry-run' };
      }
      const apiBaseUrl = apiBaseUrlOf(host, (await githubSettings()).integrations ?? []);
      const answer = await connection.sendRequest(GitHubTokenRequest, { host }).catch(() => null);
      const token = answer ? openSecret(answer) : undefined;
      if (!token) throw new Error(`publish:github: no GitHub sign-in for ${host}; sign in to GitHub in VS Code (Accounts menu) and run the template again`);
      const source = typeof input.sourcePath === 'string' ? input.sourcePath.replace(/^\.?\/+|\/+$/g, '') : '';
      const published = new TaskFiles();
      for (const [file, contents] of files) {
        if (!source || file.startsWith(`${source}/`)) published.put(source ? file.slice(source.length + 1) : file, contents, files.executable.has(file));
      }
      log(`Publishing ${published.size} file${published.size === 1 ? '' : 's'} to ${host}/${owner}/${repo}`);
      const result = await publishToGitHub({ host, owner, repo }, published, {
        apiBaseUrl,
        token,
        description: typeof input.description === 'string' ? input.description : undefined,
        defaultBranch: branch,
        repoVisibility: input.repoVisibility === 'public' || input.repoVisibility === 'internal' ? input.repoVisibility : 'private',
        gitCommitMessage: typeof input.gitCommitMessage === 'string' ? input.gitCommitMessage : undefined,
      });
      log(`Published ${result.remoteUrl} (${result.commitHash})`);
      return { ...result };
    },
    /**
     * Nothing to call: the catalog-info.yaml written into the workspace joins the catalog by itself. The
     * action reports the entity it holds, as Backstage's would.
     */
    'catalog:register': ({ input, files, log }) => {
      const written = typeof input.catalogInfoPath === 'string' ? input.catalogInfoPath.replace(/^\/+/, '') : 'catalog-info.yaml';
      const contents = files.get(written);
      if (!contents) throw new Error(`catalog:register: ${written} is not among the files written`);
      const entityRef = stringifyEntityRef(parse(contents.toString('utf8')) as Parameters<typeof stringifyEntityRef>[0]);
      log(`${entityRef} joins the workspace catalog with ${written}`);
      const base = typeof input.repoContentsUrl === 'string' ? input.repoContentsUrl.replace(/\/+$/, '') : undefined;
      return { entityRef, catalogInfoUrl: base ? `${base}/${written}` : written };
    },
    /** Shown to the user in VS Code, who is the recipient of a local run. */
    'notification:send': ({ input, log }) => {
      const message = [input.title, input.info].filter((part) => typeof part === 'string' && part).join(': ');
      log(`${dryRun ? 'Would notify' : 'Notification'}: ${message}`);
      if (dryRun) return;
      // A notification, not showMessageRequest: a client that cannot show one has nothing to answer.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
    },
  };
}

/**
 * The REST API for a host: api.github.com for github.com, whatever a setting says; an Enterprise host's
 * API must be on that host, so that a workspace's settings cannot route a token elsewhere.
 */
function apiBaseUrlOf(host: string, integrations: readonly { host: string; apiBaseUrl: string }[]): string {
  if (host === 'github.com') return 'https://api.github.com';
  const configured = integrations.find((candidate) => candidate.host === host)?.apiBaseUrl;
  if (!configured) return `https://${host}/api/v3`;
  if (new URL(configured).host !== host) throw new Error(`publish:github: the API URL set for ${host} (${configured}) is on another host; the token for ${host} is not sent there`);
  return configured;
}
