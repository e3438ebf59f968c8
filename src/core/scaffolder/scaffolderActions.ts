/**
 * The actions a default Backstage scaffolder has: `@backstage/plugin-scaffolder-backend` 4.2.0's
 * built-ins plus the GitHub and notification modules that `@backstage/create-app` 0.9.2 installs
 * (ids read from those packages). A template naming another action needs a module that adds it.
 */
export const DEFAULT_SCAFFOLDER_ACTIONS: readonly string[] = [
  'catalog:fetch',
  'catalog:register',
  'catalog:write',
  'debug:log',
  'debug:wait',
  'fetch:plain',
  'fetch:plain:file',
  'fetch:template',
  'fetch:template:file',
  'fs:delete',
  'fs:readdir',
  'fs:rename',
  'workspace:template',
  'workspace:template:file',
  'github:actions:dispatch',
  'github:autolinks:create',
  'github:branch-protection:create',
  'github:deployKey:create',
  'github:environment:create',
  'github:issues:create',
  'github:issues:label',
  'github:pages:enable',
  'github:repo:create',
  'github:repo:push',
  'github:webhook',
  'publish:github',
  'publish:github:pull-request',
  'notification:send',
];

/**
 * The outputs of the default actions whose outputs are known, as their `schema.output` in those
 * packages declares them: `${{ steps.x.output.y }}` naming another one renders nothing.
 */
export const ACTION_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  'catalog:fetch': ['entity', 'entities'],
  'catalog:register': ['entityRef', 'catalogInfoUrl'],
  'catalog:write': [],
  'debug:log': [],
  'fetch:plain': [],
  'fetch:plain:file': [],
  'fetch:template': [],
  'fetch:template:file': [],
  'fs:delete': [],
  'fs:readdir': ['files', 'folders'],
  'fs:rename': [],
  'github:actions:dispatch': ['workflowRunId', 'workflowRunUrl', 'workflowRunHtmlUrl'],
  'github:deployKey:create': ['privateKeySecretName'],
  'github:issues:create': ['issueUrl', 'issueNumber'],
  'publish:github': ['remoteUrl', 'repoContentsUrl', 'commitHash'],
  'publish:github:pull-request': ['targetBranchName', 'remoteUrl', 'pullRequestNumber'],
};
