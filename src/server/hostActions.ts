import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import { parse } from 'yaml';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { parseRepoUrl } from '../core/scaffolder/templateFilters';
import type { TemplateAction } from '../core/scaffolder/templateRunner';
import { publishToGitHub } from '../sources/githubPublisher';
import { GitHubTokenRequest, type GitHubSettings, type GitHubTokenResult } from '../protocol/catalogProtocol';

/**
 * The actions a local run offers beyond the workspace ones: they reach outside the run, to GitHub, to
 * the catalog, to the user.
 */
export function hostActions(connection: Connection, githubSettings: () => Promise<Partial<GitHubSettings>>): Record<string, TemplateAction> {
  return {
    /** Creates the repository and pushes the workspace (or `sourcePath` in it) as its first commit. */
    'publish:github': async ({ input, files, log }) => {
      const { host, owner, repo } = parseRepoUrl(input.repoUrl);
      if (!owner) throw new Error(`publish:github: ${String(input.repoUrl)} names no owner`);
      const integration = ((await githubSettings()).integrations ?? []).find((candidate) => candidate.host === host);
      const apiBaseUrl = integration?.apiBaseUrl ?? (host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`);
      const token = await connection.sendRequest<GitHubTokenResult>(GitHubTokenRequest, { host }).catch(() => null);
      if (!token) throw new Error(`publish:github: no GitHub sign-in for ${host}; sign in to GitHub in VS Code (Accounts menu) and run the template again`);
      const source = typeof input.sourcePath === 'string' ? input.sourcePath.replace(/^\.?\/+|\/+$/g, '') : '';
      const published = new Map([...files].filter(([file]) => !source || file.startsWith(`${source}/`)).map(([file, contents]) => [source ? file.slice(source.length + 1) : file, contents]));
      log(`Publishing ${published.size} file(s) to ${host}/${owner}/${repo}`);
      const result = await publishToGitHub({ host, owner, repo }, published, {
        apiBaseUrl,
        token,
        description: typeof input.description === 'string' ? input.description : undefined,
        defaultBranch: typeof input.defaultBranch === 'string' ? input.defaultBranch : undefined,
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
      log(`Notification: ${message}`);
      // A notification, not showMessageRequest: a client that cannot show one has nothing to answer.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
    },
  };
}
