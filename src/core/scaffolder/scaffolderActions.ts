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
